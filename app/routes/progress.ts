import express from 'express';
import type { Knex } from 'knex';
import {
  formatDate,
  validateFields,
  type Field,
  type FieldError,
  type Language,
} from '../../workflows/forms/fields';
import { localiseFields, type Translator } from '../../workflows/i18n/localise';
import { normalisePostcode } from '../../workflows/application/pages';
import { todayInUk } from '../../workflows/rules/dates';
import { findProgress, normaliseReference } from '../services/progress';
import { progressCheckLimit, rateLimited, recordFailure } from '../services/rate-limits';
import { errorSummaryItems } from '../views/errors';

export const PROGRESS_NAMESPACE = 'progress';

/** The three details that find an application: the reference we gave, and two only the applicant knows. */
const PROGRESS_FIELDS: Field[] = [
  {
    kind: 'text',
    name: 'reference',
    width: '10',
    maxLength: 20,
    spellcheck: false,
    normalise: normaliseReference,
    pattern: /^BB-[A-Z0-9]{4}-[A-Z0-9]{4}$/,
  },
  { kind: 'date', name: 'dateOfBirth', constraint: 'past' },
  {
    kind: 'text',
    name: 'postcode',
    autocomplete: 'postal-code',
    width: '10',
    maxLength: 10,
    normalise: normalisePostcode,
  },
];

/**
 * "Check the progress of your application" (/check-progress): the stage a case has reached, in plain
 * English (`progress:states.<case state>`), for someone who gives its reference, date of birth and
 * postcode. Any mismatch gets one answer, and failures from one address are limited (rate-limits.ts).
 */
export function progressRoutes(options: { db: Knex; councilId: string; now: () => Date }): express.Router {
  const { db, councilId } = options;
  const router = express.Router();
  const fieldsFor = (res: express.Response) =>
    localiseFields(PROGRESS_FIELDS, `${PROGRESS_NAMESPACE}:check`, res.locals.translator as Translator);

  const renderForm = (
    res: express.Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    res.status(status).render('progress/check.njk', {
      fields: fieldsFor(res),
      values,
      errors,
      errorList: errorSummaryItems(errors),
    });

  router.get('/', (_req, res) => renderForm(res, 200, {}, []));

  router.post('/', async (req, res) => {
    const tr = res.locals.translator as Translator;
    const now = options.now();
    const who = req.ip ?? 'unknown';
    const { values, errors, raw } = validateFields(fieldsFor(res), req.body ?? {}, todayInUk(now));
    const throttled = await rateLimited(db, progressCheckLimit, who, now.getTime());
    if (throttled.limited) {
      const minutes = Math.ceil(throttled.retryAfterMs / 60_000);
      res.set('Retry-After', String(Math.ceil(throttled.retryAfterMs / 1000)));
      const text = tr.t(`${PROGRESS_NAMESPACE}:${minutes === 1 ? 'tooManyOneMinute' : 'tooMany'}`, {
        minutes,
      });
      return renderForm(res, 429, raw, [{ field: 'reference', href: '#reference', text }]);
    }
    if (errors.length > 0) return renderForm(res, 400, raw, errors);

    const found = await findProgress(db, councilId, {
      reference: values.reference,
      dateOfBirth: values.dateOfBirth,
      postcode: values.postcode,
    });
    if (!found) {
      await recordFailure(db, progressCheckLimit, who, now.getTime());
      // Nothing typed is shown back: the page must be the same whichever detail was wrong.
      const text = tr.t(`${PROGRESS_NAMESPACE}:noMatch`);
      return renderForm(res, 400, {}, [{ field: 'reference', href: '#reference', text }]);
    }
    res.render('progress/result.njk', {
      reference: found.reference,
      submitted: formatDate(found.submittedAt.slice(0, 10), res.locals.lang as Language),
      stage: `${PROGRESS_NAMESPACE}:states.${found.state}`,
    });
  });

  return router;
}
