import express from 'express';
import type { Knex } from 'knex';
import { todayInUk } from '../../workflows/rules/dates';
import {
  ERASURE_DETAILS_MAX,
  ERASURE_GROUNDS,
  eraseSubject,
  erasureLog,
  erasureRefusals,
  type ErasureGround,
} from '../data-protection/erasure';
import { recordExport, writeSubjectExport } from '../data-protection/export';
import { personOfCase } from '../data-protection/person';
import {
  commentsByEmail,
  COMMENTER_DATA_DESCRIPTION,
  eraseCommenter,
  exportCommenter,
} from '../data-protection/commenters';
import { PERSONAL_DATA } from '../data-protection/registry';
import { hasPermission } from '../../workflows/permissions';
import { currentStaff, requirePermission } from '../middleware/auth';
import type { EvidenceStorage } from '../uploads/storage';
import type { FieldError } from '../../workflows/forms/fields';
import { errorFor, errorSummaryItems } from '../views/errors';

/**
 * Data protection in the back office (docs/data-protection.md): a subject access export of everything held
 * about the person a case is for (data:export), erasure on request (data:erase), and the erasure log
 * (erasures:view). The person's records are found from the case (app/data-protection/person.ts).
 */
/** The erasure form's ground and details (a person's or a commenter's), with what is wrong with them. */
function erasureForm(req: express.Request): { ground: string; details: string; errors: FieldError[] } {
  const ground = typeof req.body?.ground === 'string' ? req.body.ground : '';
  const details = typeof req.body?.details === 'string' ? req.body.details.trim() : '';
  const errors: FieldError[] = [];
  if (!Object.hasOwn(ERASURE_GROUNDS, ground))
    errors.push({ field: 'ground', href: '#ground', text: 'Select why the data is being erased' });
  if (details === '')
    errors.push({ field: 'details', href: '#details', text: 'Enter the request’s details' });
  else if (details.length > ERASURE_DETAILS_MAX)
    errors.push({ field: 'details', href: '#details', text: 'Details must be 500 characters or fewer' });
  return { ground, details, errors };
}

export function staffDataProtectionRoutes(options: {
  db: Knex;
  storage: EvidenceStorage;
  councilId: string;
  councilName: string;
  staffUrl: string;
  now: () => Date;
}): express.Router {
  const { db, storage, staffUrl } = options;
  const router = express.Router();
  const caseUrl = (reference: string) => `${staffUrl}/cases/${encodeURIComponent(reference)}`;
  const exported = PERSONAL_DATA.filter((entry) => entry.exported !== false).map(
    (entry) => entry.description,
  );

  router.get('/cases/:reference/export', requirePermission('data:export'), async (req, res) => {
    const reference = String(req.params.reference);
    const person = await personOfCase(db, reference);
    if (!person) return res.status(404).render('errors/404.njk');
    res.render('staff/data-export.njk', { reference, caseUrl: caseUrl(reference), person, exported });
  });

  router.post('/cases/:reference/export', requirePermission('data:export'), async (req, res) => {
    const reference = String(req.params.reference);
    const person = await personOfCase(db, reference);
    if (!person) return res.status(404).render('errors/404.njk');
    const staff = currentStaff(res);
    const now = options.now();
    // Audited before a byte leaves: an export that fails part-way was still an attempt to disclose.
    await recordExport(db, reference, person.subject, staff, now.toISOString());
    res.set('Content-Type', 'application/zip');
    res.attachment(`subject-access-${reference}.zip`);
    await writeSubjectExport(db, storage, person.subject, res, {
      councilName: options.councilName,
      generatedAt: now.toISOString(),
      exportedBy: staff.name,
    });
  });

  const grounds = (selected?: string) =>
    Object.entries(ERASURE_GROUNDS).map(([value, text]) => ({ value, text, checked: value === selected }));

  const renderErase = async (
    res: express.Response,
    reference: string,
    values: Record<string, string>,
    errors: FieldError[],
  ) => {
    const person = await personOfCase(db, reference);
    if (!person) return res.status(404).render('errors/404.njk');
    const refusals = erasureRefusals(person, todayInUk(options.now()));
    // While the law needs the data kept there is no form to correct: the refusal is the answer.
    if (refusals.length > 0) errors = [];
    res.status(refusals.length > 0 ? 409 : errors.length > 0 ? 400 : 200).render('staff/erase.njk', {
      reference,
      caseUrl: caseUrl(reference),
      person,
      refusals,
      grounds: grounds(values.ground),
      values,
      groundError: errorFor(errors, 'ground'),
      detailsError: errorFor(errors, 'details'),
      // The reasons it cannot be erased yet are a refusal too: in the error summary, linking to the list.
      errorList: [...errorSummaryItems(errors), ...refusals.map((text) => ({ text, href: '#refusals' }))],
      detailsMax: ERASURE_DETAILS_MAX,
    });
  };

  router.get('/cases/:reference/erase', requirePermission('data:erase'), (req, res) =>
    renderErase(res, String(req.params.reference), {}, []),
  );

  router.post('/cases/:reference/erase', requirePermission('data:erase'), async (req, res) => {
    const reference = String(req.params.reference);
    const { ground, details, errors } = erasureForm(req);
    if (errors.length > 0) return renderErase(res, reference, { ground, details }, errors);
    const staff = currentStaff(res);
    const now = options.now();
    const outcome = await eraseSubject(db, storage, {
      reference,
      ground: ground as ErasureGround,
      details,
      staff,
      councilId: options.councilId,
      now,
      today: todayInUk(now),
    });
    if (!outcome.ok && outcome.reason === 'not-found') return res.status(404).render('errors/404.njk');
    if (!outcome.ok) return renderErase(res, reference, { ground, details }, []);
    res.redirect(303, `${staffUrl}/erasures/${outcome.id}`);
  });

  // The confirmation after an erasure: what went, by whom and why (never who the person was).
  router.get('/erasures/:id', requirePermission('data:erase'), async (req, res) => {
    const [entry] = await erasureLog(db, options.councilId, { id: String(req.params.id) }, 1);
    if (!entry) return res.status(404).render('errors/404.njk');
    res.render('staff/erasure-done.njk', { entry, casesUrl: `${staffUrl}/cases` });
  });

  // ——— Members of the public who comment on the process maps (app/data-protection/commenters.ts) ———

  const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
  const emailOf = (req: express.Request) =>
    typeof req.body?.email === 'string' ? req.body.email.trim().slice(0, 254) : '';
  const emailErrors = (email: string): FieldError[] =>
    EMAIL.test(email)
      ? []
      : [
          {
            field: 'email',
            href: '#email',
            text:
              email === ''
                ? 'Enter the commenter’s email address'
                : 'Enter an email address in the correct format, like name@example.com',
          },
        ];

  /** The page: find a commenter by email (a POST, so the address stays out of URLs and logs), then act. */
  const renderCommenter = async (
    res: express.Response,
    status: number,
    email: string,
    errors: FieldError[],
    extra: Record<string, unknown> = {},
  ) => {
    const found = email !== '' && errors.length === 0;
    const comments = found ? await commentsByEmail(db, options.councilId, email) : [];
    res.status(status).render('staff/commenters.njk', {
      email,
      searched: found,
      comments,
      held: COMMENTER_DATA_DESCRIPTION,
      grounds: grounds(typeof extra.ground === 'string' ? extra.ground : undefined),
      mayErase: hasPermission(currentStaff(res).role, 'data:erase'),
      emailError: errorFor(errors, 'email'),
      groundError: errorFor(errors, 'ground'),
      detailsError: errorFor(errors, 'details'),
      errorList: errorSummaryItems(errors),
      detailsMax: ERASURE_DETAILS_MAX,
      ...extra,
    });
  };

  router.get('/commenters', requirePermission('data:export'), (_req, res) =>
    renderCommenter(res, 200, '', []),
  );

  router.post('/commenters', requirePermission('data:export'), async (req, res) => {
    const email = emailOf(req);
    const errors = emailErrors(email);
    await renderCommenter(res, errors.length > 0 ? 400 : 200, email, errors);
  });

  router.post('/commenters/export', requirePermission('data:export'), async (req, res) => {
    const email = emailOf(req);
    const errors = emailErrors(email);
    if (errors.length > 0) return renderCommenter(res, 400, email, errors);
    if ((await commentsByEmail(db, options.councilId, email)).length === 0)
      return renderCommenter(res, 404, email, []);
    const staff = currentStaff(res);
    const data = await exportCommenter(db, options.councilId, email, {
      councilName: options.councilName,
      generatedAt: options.now().toISOString(),
      exportedBy: { id: staff.id, name: staff.name },
    });
    res.attachment('subject-access-commenter.json');
    res.json(data);
  });

  router.post('/commenters/erase', requirePermission('data:erase'), async (req, res) => {
    const email = emailOf(req);
    const form = erasureForm(req);
    const { ground, details } = form;
    const errors = [...emailErrors(email), ...form.errors];
    // The email field errors too: shown with the search box; the others with the erasure form.
    if (errors.length > 0) return renderCommenter(res, 400, email, errors, { ground, details });
    const outcome = await eraseCommenter(db, {
      councilId: options.councilId,
      email,
      ground: ground as ErasureGround,
      details,
      staff: currentStaff(res),
      now: options.now(),
    });
    if (!outcome.ok) return renderCommenter(res, 404, email, []);
    res.render('staff/commenter-erased.njk', {
      comments: outcome.comments,
      erasuresUrl: `${staffUrl}/erasures`,
    });
  });

  router.get('/erasures', requirePermission('erasures:view'), async (_req, res) => {
    res.render('staff/erasures.njk', { entries: await erasureLog(db, options.councilId) });
  });

  return router;
}
