import express from 'express';
import type { Knex } from 'knex';
import { requirePermission } from '../middleware/auth';
import { caseViews } from '../services/case-views';

const SHOWN = 500;

/** GET /staff/cases/:reference/views: who has opened the case page, newest first (team managers, administrators). */
export function staffCaseViewRoutes(options: { db: Knex; staffUrl: string }): express.Router {
  const { db, staffUrl } = options;
  const router = express.Router();
  router.get('/cases/:reference/views', requirePermission('case:audit'), async (req, res) => {
    const reference = String(req.params.reference);
    const found = (await db('cases').where({ reference }).first('id')) as { id: string } | undefined;
    if (!found) return res.status(404).render('errors/404.njk');
    const views = await caseViews(db, found.id, SHOWN);
    res.render('staff/case-views.njk', {
      reference,
      caseUrl: `${staffUrl}/cases/${encodeURIComponent(reference)}`,
      views,
      truncated: views.length === SHOWN,
    });
  });
  return router;
}
