import express from 'express';
import type { Knex } from 'knex';
import { requirePermission } from '../middleware/auth';
import { findLetter } from '../letters/letter-store';

/**
 * The letters kept on a case, for staff with `letters:view`: the HTML as sent, ready to print
 * (GET /staff/cases/:reference/letters/:id), and its PDF (…/:id/pdf). Applicants have no letter URL:
 * theirs came by post or email.
 */
export function staffLetterRoutes(options: { db: Knex; staffUrl: string }): express.Router {
  const { db, staffUrl } = options;
  const router = express.Router();

  async function letterOf(reference: string, id: string) {
    const found = (await db('cases').where({ reference }).first('id')) as { id: string } | undefined;
    return found ? findLetter(db, found.id, id) : undefined;
  }

  router.get('/cases/:reference/letters/:id', requirePermission('letters:view'), async (req, res) => {
    const reference = String(req.params.reference);
    const letter = await letterOf(reference, String(req.params.id));
    if (!letter) return res.status(404).render('errors/404.njk');
    const caseUrl = `${staffUrl}/cases/${encodeURIComponent(reference)}`;
    res.render('letters/view.njk', {
      letter,
      letterHtml: letter.html,
      caseUrl,
      pdfUrl: `${caseUrl}/letters/${encodeURIComponent(letter.id)}/pdf`,
    });
  });

  router.get('/cases/:reference/letters/:id/pdf', requirePermission('letters:view'), async (req, res) => {
    const reference = String(req.params.reference);
    const letter = await letterOf(reference, String(req.params.id));
    if (!letter) return res.status(404).render('errors/404.njk');
    // Made of the kit's own words and a date: nothing the applicant typed goes in the header.
    const name = `${letter.kind}-${letter.created_at.slice(0, 10)}.pdf`;
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'self'");
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.send(letter.pdf);
  });
  return router;
}
