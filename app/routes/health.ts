import express from 'express';
import type { Knex } from 'knex';
import { migrationsAreCurrent } from '../db/migrate';

/** `/health`: JSON with the database's status; 503 when the database cannot be reached. */
export function healthRoutes(db: Knex): express.Router {
  const router = express.Router();
  router.get('/health', async (_req, res) => {
    try {
      await db.raw('select 1');
      const migrations = (await migrationsAreCurrent(db)) ? 'current' : 'pending';
      res.json({ status: 'ok', database: { status: 'ok', migrations } });
    } catch {
      res.status(503).json({ status: 'error', database: { status: 'unreachable' } });
    }
  });
  return router;
}
