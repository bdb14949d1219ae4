import express from 'express';
import type { Knex } from 'knex';
import type { AnyMachineSnapshot } from 'xstate';
import { APPLICATION_NAMESPACE, applicationPages } from '../../workflows/application/pages';
import { BADGE_NAMESPACE, badgeEventForms } from '../../workflows/badge/forms';
import type { CaseContext } from '../../workflows/case/machine';
import { CASE_NAMESPACE, caseEventForms } from '../../workflows/case/forms';
import { todayInUk as todayIso } from '../../workflows/rules/dates';
import { listenedEvents } from '../../workflows/engine/xstate-adapter';
import {
  fieldsForNation,
  formValuesFor,
  validateFields,
  type FieldError,
} from '../../workflows/forms/fields';
import type { StaffEventForm, StaffEventServer } from '../../workflows/forms/staff-events';
import type { Nation } from '../../workflows/rules/types';
import { localiseFields, localisedPage, type Translator } from '../../workflows/i18n/localise';
import type { JourneyPage } from '../../workflows/journey/pages';
import { hasPermission } from '../../workflows/permissions';
import { eventPermissions, WORKFLOWS, type WorkflowKind } from '../../workflows/registry';
import type { WorkflowStore } from '../engine/workflow-store';
import type { Translations } from '../i18n';
import { currentStaff, requirePermission, requireStaff } from '../middleware/auth';
import { useLanguage } from '../middleware/language';
import { regenerateSession } from '../middleware/session';
import { signInStaff } from '../services/staff';
import { rateLimited, recordFailure, staffSignInLimit } from '../services/rate-limits';
import { answerSummary } from '../views/answer-summary';
import { addCaseNote, NOTE_MAX_LENGTH, possibleDuplicates } from '../services/case-notes';
import { REPLACEMENT_NAMESPACE, replacementPages } from '../../workflows/replacement/pages';
import { errorSummaryItems } from '../views/errors';
import { caseTimeline } from '../services/cases';
import { caseAssignment, staffQueueRoutes } from './staff-queue';
import { staffAccountRoutes } from './staff-accounts';
import { fileDetails } from '../uploads/evidence';
import { sendEvidence } from '../uploads/serve';
import type { UploadedFileItem } from '../../workflows/journey/pages';
import { staffCaseViewRoutes } from './staff-case-views';
import { recordCaseView } from '../services/case-views';
import type { CitizenOptions } from './apply';
import { staffKeyingRoutes } from './staff-keying';
import { staffSsoRoutes, type StaffSsoOptions } from './staff-sso';
import { staffSettingsRoutes } from './staff-settings';
import { staffOutboxRoutes } from './staff-outbox';
import { REPLY_EVIDENCE_KIND } from './more-information';
import { assessmentSummary } from '../views/case-assessment';
import { staffDataProtectionRoutes } from './staff-data-protection';
import { staffLetterRoutes } from './staff-letters';
import { caseLetters } from '../letters/letter-store';
import type { Config } from '../config';

const CASE_CHANGED =
  'This case changed while you were working on it: someone else acted on it. Check what you entered below against the case, then send it again if it is still right.';
const NO_LONGER_POSSIBLE = 'This action is not possible for the case as it is now.';

const EVENT_FORMS: Record<'case' | 'badge', { namespace: string; forms: StaffEventForm<unknown>[] }> = {
  case: { namespace: CASE_NAMESPACE, forms: caseEventForms as StaffEventForm<unknown>[] },
  badge: { namespace: BADGE_NAMESPACE, forms: badgeEventForms as StaffEventForm<unknown>[] },
};

/**
 * A staff form with its words: `<namespace>:events.<EVENT>.title | .action | .button` and its fields,
 * limited to the instance's nation where it has one (a review's kinds differ by nation).
 */
function localiseForm(
  kind: 'case' | 'badge',
  form: StaffEventForm<unknown>,
  tr: Translator,
  context?: unknown,
) {
  const base = `${EVENT_FORMS[kind].namespace}:events.${form.words ?? form.event}`;
  const nation = (context as { nation?: Nation } | undefined)?.nation;
  const fields = nation ? fieldsForNation(form.fields, nation) : form.fields;
  return {
    ...form,
    title: tr.t(`${base}.title`),
    action: tr.t(`${base}.action`),
    button: tr.t(`${base}.button`),
    fields: localiseFields(fields, base, tr),
  };
}

/** The council's back office: sign in, the list of cases, a case, and the forms that move a case on. */
export function staffRoutes(options: {
  db: Knex;
  store: WorkflowStore;
  mountPath: string;
  translations: Translations;
  /** The citizen journeys' settings: staff key paper, phone and in-person applications through them. */
  citizen: CitizenOptions;
  /** Failed sign-ins allowed from one address in 15 minutes (config `staffSignInFailures`). */
  signInFailures: number;
  /** Single sign-on with the council's identity provider, when configured (app/routes/staff-sso.ts). */
  sso?: StaffSsoOptions;
  logError?: (error: unknown) => void;
  /** For the read-only settings page (app/routes/staff-settings.ts). */
  config?: Config;
}): express.Router {
  const { db, store, mountPath, translations, sso } = options;
  const signInLimit = staffSignInLimit(options.signInFailures);
  // Evidence files are kept by the citizen journeys' store (staff-keyed journeys use it too).
  const evidence = options.citizen.evidence;
  const router = express.Router();
  const staffUrl = `${mountPath}/staff`;
  const english = translations.translator('en');

  /** What the server adds to an officer's event: who they are, and the council's settings in force. */
  const serverFacts = (res: express.Response): StaffEventServer => {
    const staff = currentStaff(res);
    const council = options.config?.council;
    return {
      by: { id: staff.id, name: staff.name },
      settings: {
        fourEyes: council?.decisions.fourEyes ?? false,
        evidenceReminderDays: council?.reminders.evidenceReminderDays ?? 14,
        withdrawalDays: council?.reminders.withdrawalDays ?? 28,
      },
    };
  };

  // The back office is in English only (Welsh is required of citizen pages).
  router.use((req, res, next) => {
    useLanguage(req, res, translations, 'en');
    res.locals.englishOnly = true;
    next();
  });

  const passwordSignIn = !sso || sso.config.allowPasswordSignIn;
  router.use((_req, res, next) => {
    res.locals.ssoCouncilName = sso?.councilName;
    res.locals.passwordSignIn = passwordSignIn;
    next();
  });

  router.get('/sign-in', (_req, res) => res.render('staff/sign-in.njk', { values: {}, errors: [] }));

  router.post('/sign-in', async (req, res) => {
    // Turned off where the council wants everyone through its identity provider (OIDC_ALLOW_PASSWORD_SIGN_IN).
    if (!passwordSignIn) return res.status(403).render('staff/sign-in.njk', { values: {}, errors: [] });
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const errors: FieldError[] = [];
    if (email.trim() === '')
      errors.push({ field: 'email', href: '#email', text: 'Enter your email address' });
    if (password === '') errors.push({ field: 'password', href: '#password', text: 'Enter your password' });
    // Many failures from one address (password spraying across accounts): refused before any checking.
    const now = new Date(store.now());
    const throttled = await rateLimited(db, signInLimit, req.ip ?? 'unknown', now.getTime());
    if (throttled.limited) {
      const minutes = Math.ceil(throttled.retryAfterMs / 60_000);
      res.set('Retry-After', String(Math.ceil(throttled.retryAfterMs / 1000)));
      const tooMany = `There have been too many failed attempts to sign in from your network. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, then try again.`;
      const tooManyErrors = [{ field: 'email', href: '#email', text: tooMany }];
      return res.status(429).render('staff/sign-in.njk', {
        values: { email },
        errors: tooManyErrors,
        errorList: errorSummaryItems(tooManyErrors),
      });
    }
    // Wrong password, unknown email, locked or disabled account: one message, one amount of work.
    const user = errors.length === 0 ? await signInStaff(db, email, password, now) : undefined;
    const refused = errors.length === 0 && !user;
    if (refused) {
      errors.push({ field: 'email', href: '#email', text: 'Enter a correct email address and password' });
      await recordFailure(db, signInLimit, req.ip ?? 'unknown', now.getTime());
    }
    if (!user) {
      return res.status(400).render('staff/sign-in.njk', {
        values: { email },
        errors,
        errorList: errorSummaryItems(errors),
        refused,
      });
    }
    await regenerateSession(req);
    req.session.staffUserId = user.id;
    req.session.staffSignedInAt = Date.now();
    req.session.staffSessionVersion = user.sessionVersion;
    res.redirect(303, user.passwordChangeRequired ? `${staffUrl}/account` : `${staffUrl}/cases`);
  });

  router.post('/sign-out', async (req, res) => {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.redirect(303, `${staffUrl}/sign-in`);
  });

  if (sso) {
    const logError = options.logError ?? ((error: unknown) => console.error(error));
    router.use(staffSsoRoutes({ ...sso, db, staffUrl, logError }));
  }

  router.use(requireStaff(db, mountPath), requirePermission('case:view'));
  // Your account, and (for administrators) everyone's: app/routes/staff-accounts.ts.
  router.use(staffAccountRoutes({ db, store, staffUrl }));
  if (options.config) router.use(staffSettingsRoutes({ config: options.config }));
  router.use(staffOutboxRoutes({ db, councilId: options.citizen.councilId, staffUrl }));

  router.get('/', (_req, res) => res.redirect(303, `${staffUrl}/cases`));

  // The work queue and case assignment: app/routes/staff-queue.ts.
  router.use(staffQueueRoutes({ db, store, mountPath }));
  // Who has opened a case: app/routes/staff-case-views.ts (each view is recorded below).
  router.use(staffCaseViewRoutes({ db, staffUrl }));
  // Subject access export, erasure and the erasure log: app/routes/staff-data-protection.ts.
  router.use(
    staffDataProtectionRoutes({
      db,
      storage: evidence.storage,
      councilId: options.citizen.councilId,
      councilName: options.config?.councilName ?? '',
      staffUrl,
      now: () => new Date(store.now()),
    }),
  );
  // The letters sent to the applicant: app/routes/staff-letters.ts.
  router.use(staffLetterRoutes({ db, staffUrl }));
  // Paper, phone and in-person applications, keyed through the citizen journeys: app/routes/staff-keying.ts.
  router.use(staffKeyingRoutes(options.citizen));

  async function findCase(reference: string) {
    const row = (await db('cases').where({ reference }).first('id')) as { id: string } | undefined;
    return row ? store.load('case', row.id) : undefined;
  }

  async function badgeOf(caseId: string) {
    const row = (await db('badges').where({ case_id: caseId }).first('id')) as { id: string } | undefined;
    return row ? store.load('badge', row.id) : undefined;
  }

  /**
   * The evidence sent with a case, by upload page in journey order: only files on the path the case
   * was sent with (the case's lists), read from the evidence store of the application it came from.
   */
  async function caseEvidence(
    caseRow: Record<string, unknown>,
    context: CaseContext,
    pages: Record<string, JourneyPage>,
    namespace: string,
    caseUrl: string,
  ) {
    const kind = context.applicationType === 'REPLACE' ? 'replacement' : 'application';
    const rows = await evidence.list(kind, String(caseRow.application_id));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return Object.entries(pages)
      .filter(([state, page]) => page.upload && context.lists?.[state])
      .map(([state]) => ({
        title: english.t(`${namespace}:${state}.summaryLabel`),
        files: (context.lists[state] as UploadedFileItem[]).flatMap((item) => {
          const row = byId.get(item.evidenceId);
          if (!row) return [];
          const url = `${caseUrl}/evidence/${row.id}`;
          return [
            {
              name: row.original_name,
              details: fileDetails(row.content_type, row.size_bytes, 'en'),
              url,
              downloadUrl: `${url}?download=1`,
              thumbnailUrl: row.thumbnail_key ? `${url}/thumbnail` : undefined,
              dimensions: row.width && row.height ? `${row.width} × ${row.height} pixels` : undefined,
            },
          ];
        }),
      }));
  }

  /** A file the applicant sent with a reply to a request for more information on this case. */
  async function replyFile(context: CaseContext, id: string) {
    for (const request of context.informationRequests ?? []) {
      const row = await evidence.find(REPLY_EVIDENCE_KIND, request.id, id);
      if (row) return row;
    }
    return undefined;
  }

  /** The requests for more information, each with the files sent in reply. */
  async function informationRequests(context: CaseContext, caseUrl: string) {
    return Promise.all(
      (context.informationRequests ?? []).map(async (request) => ({
        ...request,
        files: (await evidence.list(REPLY_EVIDENCE_KIND, request.id)).map((row) => ({
          name: row.original_name,
          details: fileDetails(row.content_type, row.size_bytes, 'en'),
          url: `${caseUrl}/evidence/${row.id}`,
        })),
      })),
    );
  }

  /** A case's file, for officers who may see evidence: inline (images, PDF) or as a download. */
  const evidenceFile = (thumbnail: boolean) => async (req: express.Request, res: express.Response) => {
    const found = await findCase(String(req.params.reference));
    if (!found) return res.status(404).render('errors/404.njk');
    const context = found.snapshot.context as CaseContext;
    const kind = context.applicationType === 'REPLACE' ? 'replacement' : 'application';
    const onCase = Object.values(context.lists ?? {}).some((items) =>
      items.some((item) => item.evidenceId === req.params.id),
    );
    const row = onCase
      ? await evidence.find(kind, String(found.row.application_id), String(req.params.id))
      : await replyFile(context, String(req.params.id));
    if (!row) return res.status(404).render('errors/404.njk');
    await sendEvidence(res, evidence.storage, row, { thumbnail, download: req.query.download === '1' });
  };
  router.get('/cases/:reference/evidence/:id', requirePermission('evidence:view'), evidenceFile(false));
  router.get(
    '/cases/:reference/evidence/:id/thumbnail',
    requirePermission('evidence:view'),
    evidenceFile(true),
  );

  /** The staff events this officer could send now, as buttons. */
  function actionsFor(
    kind: 'case' | 'badge',
    snapshot: AnyMachineSnapshot,
    res: express.Response,
    base: string,
  ) {
    const role = currentStaff(res).role;
    // The machine of the instance's own version (a case keeps the version it started on).
    const permissions = eventPermissions(snapshot.machine);
    const listened = listenedEvents(snapshot);
    return EVENT_FORMS[kind].forms
      .filter((form) => listened.includes(form.event))
      .filter((form) => !form.appliesTo || form.appliesTo(snapshot.context))
      .filter((form) => {
        const permission = permissions.get(form.event);
        return permission !== undefined && hasPermission(role, permission);
      })
      .map((form) => ({
        ...localiseForm(kind, form, english, snapshot.context),
        href: `${base}/${form.slug}`,
      }));
  }

  router.get('/cases/:reference', async (req, res) => {
    const found = await findCase(req.params.reference);
    if (!found) return res.status(404).render('errors/404.njk');
    await recordCaseView(db, found.row.id, currentStaff(res));
    const context = found.snapshot.context as CaseContext;
    const badge = await badgeOf(found.row.id);
    const caseUrl = `${staffUrl}/cases/${encodeURIComponent(req.params.reference)}`;
    // The answers are labelled with the journey they came from: an application, or a replacement request.
    const [journeyPages, namespace] =
      context.applicationType === 'REPLACE'
        ? [replacementPages as Record<string, JourneyPage>, REPLACEMENT_NAMESPACE]
        : [applicationPages as Record<string, JourneyPage>, APPLICATION_NAMESPACE];
    const canViewEvidence = hasPermission(currentStaff(res).role, 'evidence:view');
    res.render('staff/case.njk', {
      caseRow: found.row,
      context,
      evidence: canViewEvidence
        ? await caseEvidence(found.row, context, journeyPages, namespace, caseUrl)
        : undefined,
      informationRequests: canViewEvidence
        ? await informationRequests(context, caseUrl)
        : context.informationRequests,
      assessment: assessmentSummary(context, english),
      answers: answerSummary(
        Object.keys(context.answers).flatMap((state) => {
          const page = journeyPages[state];
          // Uploaded files have their own section, with links to open them.
          return page && !page.upload
            ? [{ state, page: localisedPage(page, namespace, state, english) }]
            : [];
        }),
        context.answers,
        context.lists ?? {},
        'en',
      ),
      duplicates: await possibleDuplicates(db, found.row as never, todayIso()),
      noteForm: { values: {}, errors: [] },
      canAddNotes: hasPermission(currentStaff(res).role, 'case:assess'),
      canSeeViews: hasPermission(currentStaff(res).role, 'case:audit'),
      canExportData: hasPermission(currentStaff(res).role, 'data:export'),
      canEraseData: hasPermission(currentStaff(res).role, 'data:erase'),
      letters: hasPermission(currentStaff(res).role, 'letters:view')
        ? (await caseLetters(db, found.row.id)).map((letter) => ({
            ...letter,
            url: `${caseUrl}/letters/${encodeURIComponent(letter.id)}`,
          }))
        : undefined,
      badge: badge?.row,
      actions: [
        ...actionsFor('case', found.snapshot, res, caseUrl),
        ...(badge ? actionsFor('badge', badge.snapshot, res, `${caseUrl}/badge`) : []),
      ],
      timeline: await caseTimeline(db, found.row.id, context.reference),
      assignment: await caseAssignment(db, { mountPath, staff: currentStaff(res), row: found.row }),
    });
  });

  // A note on the case: staff only, kept with the case's timeline.
  router.post('/cases/:reference/notes', requirePermission('case:assess'), async (req, res) => {
    const reference = String(req.params.reference);
    const found = await findCase(reference);
    if (!found) return res.status(404).render('errors/404.njk');
    const text = typeof req.body?.note === 'string' ? req.body.note.trim() : '';
    const caseUrl = `${staffUrl}/cases/${encodeURIComponent(reference)}`;
    const problem =
      text === ''
        ? 'Enter a note'
        : text.length > NOTE_MAX_LENGTH
          ? 'Note must be 2,000 characters or fewer'
          : undefined;
    if (problem) {
      const errors = [{ field: 'note', href: '#note', text: problem }];
      return res.status(400).render('staff/note-form.njk', {
        reference,
        caseUrl,
        values: { note: text },
        errors,
        errorList: errorSummaryItems(errors),
      });
    }
    await addCaseNote(db, found.row, currentStaff(res), text, store.now());
    res.redirect(303, `${caseUrl}#timeline`);
  });

  async function eventTarget(kind: 'case' | 'badge', reference: string) {
    const found = await findCase(reference);
    if (!found) return undefined;
    if (kind === 'case') return { caseFound: found, target: found };
    const badge = await badgeOf(found.row.id);
    return badge ? { caseFound: found, target: badge } : undefined;
  }

  function eventRoute(kind: 'case' | 'badge', path: string) {
    const formFor = (slug: string, context?: unknown) => {
      const form = EVENT_FORMS[kind].forms.find((candidate) => candidate.slug === slug);
      return form ? localiseForm(kind, form, english, context) : undefined;
    };

    const renderForm = (
      res: express.Response,
      reference: string,
      form: ReturnType<typeof localiseForm>,
      values: Record<string, string>,
      errors: FieldError[],
      revision: number,
      status = errors.length > 0 ? 400 : 200,
    ) =>
      res.status(status).render('staff/event-form.njk', {
        form,
        reference,
        // The revision the officer saw: if the case moves on meanwhile, their post is refused, not applied.
        revision,
        caseUrl: `${staffUrl}/cases/${encodeURIComponent(reference)}`,
        values,
        errors,
        errorList: errorSummaryItems(errors),
        // About the case rather than a field (four eyes, the case changed): shown above the form too.
        caseErrors: errors.filter((error) => !form.fields.some((field) => field.name === error.field)),
      });

    /**
     * The statechart names the permission each event needs: its form is neither shown nor taken without it.
     * It is read from the machine of the instance's own version (a case keeps the version it started on);
     * an event that version has no staff transition for is no form of its (404), one the officer's role
     * lacks is refused (403). With no instance found, the current version answers, then the 404 follows.
     */
    const access = (
      res: express.Response,
      form: ReturnType<typeof localiseForm>,
      target: { snapshot: AnyMachineSnapshot } | undefined,
    ): 'allowed' | 'forbidden' | 'unknown' => {
      const permission = eventPermissions(target?.snapshot.machine ?? WORKFLOWS[kind].machine).get(
        form.event,
      );
      if (permission === undefined) return target ? 'unknown' : 'forbidden';
      return hasPermission(currentStaff(res).role, permission) ? 'allowed' : 'forbidden';
    };
    const refuse = (res: express.Response, verdict: 'forbidden' | 'unknown') =>
      verdict === 'unknown'
        ? res.status(404).render('errors/404.njk')
        : res.status(403).render('errors/403.njk');

    router.get(path, async (req, res) => {
      const params = req.params as Record<string, string>;
      const form = formFor(params.event);
      if (!form) return res.status(404).render('errors/404.njk');
      const found = await eventTarget(kind, params.reference);
      const verdict = access(res, form, found?.target);
      if (verdict !== 'allowed') return refuse(res, verdict);
      if (!found) return res.status(404).render('errors/404.njk');
      const context = found.target.snapshot.context;
      const values = form.defaults?.(context, todayIso(), serverFacts(res)) ?? {};
      const shown = formFor(params.event, context)!;
      renderForm(
        res,
        params.reference,
        shown,
        formValuesFor(shown.fields, values),
        [],
        found.target.row.revision,
      );
    });

    router.post(path, async (req, res) => {
      const params = req.params as Record<string, string>;
      const form = formFor(params.event);
      if (!form) return res.status(404).render('errors/404.njk');
      const found = await eventTarget(kind, params.reference);
      const verdict = access(res, form, found?.target);
      if (verdict !== 'allowed') return refuse(res, verdict);
      if (!found) return res.status(404).render('errors/404.njk');
      const staff = currentStaff(res);
      const server = serverFacts(res);
      const today = todayIso();
      const shown = formFor(params.event, found.target.snapshot.context)!;
      const result = validateFields(shown.fields, (req.body ?? {}) as Record<string, unknown>, today);
      const errors =
        result.errors.length > 0
          ? result.errors
          : (form.check?.(found.target.snapshot.context, result.values, today, server) ?? []);
      const seen = Number(req.body?.revision);
      const expectedRevision = Number.isInteger(seen) && seen > 0 ? seen : undefined;
      if (errors.length > 0) {
        const revision = expectedRevision ?? found.target.row.revision;
        return renderForm(res, params.reference, shown, result.raw, errors, revision);
      }
      const sent = await store.send(
        kind as WorkflowKind,
        found.target.row.id,
        form.toEvent(result.values, today, server),
        { type: 'staff', id: staff.id, name: staff.name, role: staff.role },
        { expectedRevision, loaded: found.target },
      );
      const caseUrl = `${staffUrl}/cases/${encodeURIComponent(params.reference)}`;
      if (!sent.ok && sent.reason === 'conflict') {
        // Someone else moved the case on: keep what this officer typed, and say so, never apply it blindly.
        const now = await eventTarget(kind, params.reference);
        const stillPossible = now !== undefined && listenedEvents(now.target.snapshot).includes(form.event);
        if (now && stillPossible) {
          const changed = [{ field: 'revision', href: '#case-errors', text: CASE_CHANGED }];
          return renderForm(res, params.reference, shown, result.raw, changed, now.target.row.revision, 409);
        }
        return res.status(409).render('staff/event-refused.njk', {
          message: `${CASE_CHANGED} ${NO_LONGER_POSSIBLE}`,
          caseUrl,
          form: shown,
          values: result.raw,
        });
      }
      if (!sent.ok) {
        return res.status(409).render('staff/event-refused.njk', { message: NO_LONGER_POSSIBLE, caseUrl });
      }
      res.redirect(303, caseUrl);
    });
  }

  eventRoute('case', '/cases/:reference/:event');
  eventRoute('badge', '/cases/:reference/badge/:event');

  return router;
}
