import express from 'express';
import type { Knex } from 'knex';
import { contactFields } from '../../workflows/application/pages';
import {
  formatDate,
  validateFields,
  type Field,
  type FieldError,
  type Language,
} from '../../workflows/forms/fields';
import { localiseFields, type Translator } from '../../workflows/i18n/localise';
import type { JourneyContext } from '../../workflows/journey/events';
import { currentState, pageOf } from '../../workflows/journey/path';
import { todayInUk } from '../../workflows/rules/dates';
import type { ApplicantEmails } from '../notifications/applicant-emails';
import type { JourneyOptions } from '../journey/journey-router';
import { rateLimited, recordFailure, saveEmailLimit } from '../services/rate-limits';
import type { SavedApplications } from '../services/saved-applications';
import { displayCode } from '../services/saved-applications';
import { renderFormPage } from '../views/form-page';

export const SAVE_RETURN_NAMESPACE = 'saveReturn';

/** What "save and come back later" needs beyond the journey: where saves are kept and how emails go. */
export interface SaveAndReturnOptions {
  db: Knex;
  saved: SavedApplications;
  emails: ApplicantEmails;
  /** SERVICE_URL, for the link in the email; else the request's own address. */
  serviceUrl?: string;
}

declare module 'express-session' {
  interface SessionData {
    /** The address the last save was emailed to, shown on the confirmation page. */
    savedTo?: { email: string; expiresAt: string; kind: string };
  }
}

/** The one email address field, as the contact details page asks it, but required. */
export const EMAIL_FIELDS: Field[] = contactFields()
  .filter((field) => field.name === 'email')
  .map((field) => ({ ...field, optional: false }));

/**
 * A 429 refusal on a form: sets Retry-After and says how long to wait, from `<key>` and `<key>OneMinute`
 * in the saveReturn words.
 */
export function tooManyError(
  res: express.Response,
  key: string,
  retryAfterMs: number,
  field: string,
): FieldError {
  const minutes = Math.ceil(retryAfterMs / 60_000);
  res.set('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
  const tr = res.locals.translator as Translator;
  const text = tr.t(`${SAVE_RETURN_NAMESPACE}:${key}${minutes === 1 ? 'OneMinute' : ''}`, { minutes });
  return { field, href: `#${field}`, text };
}

/** An email address the applicant already gave in this journey (e.g. their contact details). */
function emailIn(context: JourneyContext): string {
  for (const answers of Object.values(context.answers ?? {})) {
    if (typeof answers?.email === 'string' && answers.email !== '') return answers.email;
  }
  return '';
}

/**
 * "Save and come back later" for one resident journey: `<journey>/save` asks for an email address
 * (pre-filled when the journey has one) and sends the link and code (app/services/saved-applications.ts);
 * `<journey>/saved` confirms it. The button itself is on each question, list and upload page
 * (app/journey/journey-router.ts `saveUrl`), which keeps the page's valid answers first.
 */
export function saveForLaterRoutes(
  journey: Pick<JourneyOptions, 'kind' | 'machine' | 'store' | 'baseUrl' | 'sessionKey'>,
  options: SaveAndReturnOptions & { councilId: string; mountPath: string },
): express.Router {
  const router = express.Router();
  const { store } = journey;
  const { saved } = options;
  const fieldsFor = (res: express.Response) =>
    localiseFields(EMAIL_FIELDS, `${SAVE_RETURN_NAMESPACE}:email`, res.locals.translator as Translator);
  const pageUrl = (req: express.Request) => {
    const from = req.session.saveFrom;
    return from && from.kind === journey.kind ? `${journey.baseUrl}/${from.path}` : journey.baseUrl;
  };

  /** The resident's draft, or undefined (and a redirect to the start) when there is none to save. */
  async function draftOf(req: express.Request, res: express.Response) {
    const id = req.session[journey.sessionKey];
    const loaded = id ? await store.load(journey.kind, id) : undefined;
    if (!loaded || loaded.snapshot.status === 'done' || loaded.row.submitted_at) {
      res.redirect(303, journey.baseUrl);
      return undefined;
    }
    return loaded;
  }

  const renderForm = (
    req: express.Request,
    res: express.Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    renderFormPage(
      res,
      'save-return/email.njk',
      { status, fields: fieldsFor(res), values, errors },
      { formAction: `${journey.baseUrl}/save`, backLink: pageUrl(req), days: saved.draftDays },
    );

  router.get('/save', async (req, res) => {
    const draft = await draftOf(req, res);
    if (!draft) return;
    const email = req.session.savedTo?.email ?? emailIn(draft.snapshot.context as JourneyContext);
    renderForm(req, res, 200, { email }, []);
  });

  router.post('/save', async (req, res) => {
    const draft = await draftOf(req, res);
    if (!draft) return;
    const language = res.locals.lang as Language;
    const { values, errors, raw } = validateFields(fieldsFor(res), req.body ?? {}, todayInUk());
    if (errors.length > 0) return renderForm(req, res, 400, raw, errors);
    const now = store.now();
    const nowMs = new Date(now).getTime();
    const throttled = await rateLimited(options.db, saveEmailLimit, draft.row.id, nowMs);
    if (throttled.limited) {
      const error = tooManyError(res, 'email.tooMany', throttled.retryAfterMs, 'email');
      return renderForm(req, res, 429, raw, [error]);
    }
    const expiresAt = saved.expiryFor(String(draft.row.updated_at));
    const origin = options.serviceUrl ?? `${req.protocol}://${req.get('host')}`;
    // The page the button was pressed on; else (the save page opened directly) the one the journey is at.
    const pagePath =
      req.session.saveFrom?.kind === journey.kind
        ? req.session.saveFrom.path
        : (pageOf(journey.machine, currentState(draft.snapshot))?.path ?? '');
    await options.db.transaction(async (trx) => {
      const { token, code } = await saved.save(trx, {
        kind: journey.kind,
        applicationId: draft.row.id,
        email: values.email,
        pagePath,
        language,
        now,
        expiresAt,
      });
      const link = `${origin}${options.mountPath}/return/link?token=${token}${language === 'cy' ? '&lang=cy' : ''}`;
      await options.emails.saveAndReturn(trx, {
        councilId: options.councilId,
        reference: String(draft.row.reference),
        to: values.email,
        link,
        code: displayCode(code),
        expiryDate: formatDate(todayInUk(new Date(expiresAt)), language),
        language,
        now,
      });
    });
    // Every email sent counts: the limit is on how many, not on failures.
    await recordFailure(options.db, saveEmailLimit, draft.row.id, nowMs);
    req.session.savedTo = { email: values.email, expiresAt, kind: journey.kind };
    res.redirect(303, `${journey.baseUrl}/saved`);
  });

  router.get('/saved', async (req, res) => {
    const draft = await draftOf(req, res);
    if (!draft) return;
    const savedTo = req.session.savedTo;
    if (!savedTo || savedTo.kind !== journey.kind) return res.redirect(303, `${journey.baseUrl}/save`);
    res.render('save-return/saved.njk', {
      email: savedTo.email,
      until: formatDate(todayInUk(new Date(savedTo.expiresAt)), res.locals.lang as Language),
      continueUrl: pageUrl(req),
    });
  });

  return router;
}
