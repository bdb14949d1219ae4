import express from 'express';
import type { Knex } from 'knex';
import { migrationsAreCurrent } from '../db/migrate';

/**
 * Two probes, for a load balancer or orchestrator:
 * - `/health` is liveness: the process is up and serving. It touches nothing else, so a slow or absent
 *   database never gets a healthy process restarted.
 * - `/ready` is readiness: the database answers and every migration has run, so this instance may be
 *   sent traffic. 503 with a JSON body saying which check failed otherwise.
 */
export function healthRoutes(db: Knex): express.Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    try {
      await db.raw('select 1');
    } catch {
      res.status(503).json({ status: 'error', database: { status: 'unreachable' } });
      return;
    }
    let current: boolean;
    try {
      current = await migrationsAreCurrent(db);
    } catch {
      // The database answered but its migration table could not be read: not ready either.
      current = false;
    }
    res.status(current ? 200 : 503).json({
      status: current ? 'ok' : 'error',
      database: { status: 'ok', migrations: current ? 'current' : 'pending' },
    });
  });
  return router;
}
