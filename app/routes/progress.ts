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

const REFERENCE_FIELD: Field = {
  kind: 'text',
  name: 'reference',
  width: '10',
  maxLength: 20,
  spellcheck: false,
  normalise: normaliseReference,
  pattern: /^BB-[A-Z0-9]{4}-[A-Z0-9]{4}$/,
};
const POSTCODE_FIELD: Field = {
  kind: 'text',
  name: 'postcode',
  autocomplete: 'postal-code',
  width: '10',
  maxLength: 10,
  normalise: normalisePostcode,
};

/**
 * The two ways to find an application: the reference we gave, and two details only the applicant
 * knows. A person gives the date of birth of the person the badge is for; an organisation, which has
 * none, gives its name. Each has its own page (`/check-progress`, `/check-progress/organisation`)
 * linking to the other; their words are `progress:check.*` and `progress:check.<form>.*`.
 */
const PROGRESS_FORMS = {
  person: {
    path: '',
    fields: [REFERENCE_FIELD, { kind: 'date', name: 'dateOfBirth', constraint: 'past' }, POSTCODE_FIELD],
  },
  organisation: {
    path: '/organisation',
    fields: [
      REFERENCE_FIELD,
      {
        kind: 'text',
        name: 'organisationName',
        autocomplete: 'organization',
        spellcheck: false,
        maxLength: 100,
      },
      POSTCODE_FIELD,
    ],
  },
} satisfies Record<string, { path: string; fields: Field[] }>;
type ProgressForm = keyof typeof PROGRESS_FORMS;

/**
 * "Check the progress of your application" (/check-progress): the stage a case has reached, in plain
 * English (`progress:states.<case state>`), for someone who gives its reference, postcode, and the date of
 * birth of the person the badge is for or the organisation's name. Any mismatch gets one answer, and
 * failures from one address are limited across both forms (rate-limits.ts).
 */
export function progressRoutes(options: { db: Knex; councilId: string; now: () => Date }): express.Router {
  const { db, councilId } = options;
  const router = express.Router();
  const fieldsFor = (form: ProgressForm, res: express.Response) =>
    localiseFields(
      PROGRESS_FORMS[form].fields,
      `${PROGRESS_NAMESPACE}:check`,
      res.locals.translator as Translator,
    );

  const renderForm = (
    form: ProgressForm,
    res: express.Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    res.status(status).render('progress/check.njk', {
      form,
      action: `check-progress${PROGRESS_FORMS[form].path}`,
      otherAction: `check-progress${PROGRESS_FORMS[form === 'person' ? 'organisation' : 'person'].path}`,
      fields: fieldsFor(form, res),
      values,
      errors,
      errorList: errorSummaryItems(errors),
    });

  for (const form of Object.keys(PROGRESS_FORMS) as ProgressForm[]) {
    const path = PROGRESS_FORMS[form].path || '/';
    router.get(path, (_req, res) => renderForm(form, res, 200, {}, []));
    router.post(path, async (req, res) => {
      const tr = res.locals.translator as Translator;
      const now = options.now();
      const who = req.ip ?? 'unknown';
      const { values, errors, raw } = validateFields(fieldsFor(form, res), req.body ?? {}, todayInUk(now));
      const throttled = await rateLimited(db, progressCheckLimit, who, now.getTime());
      if (throttled.limited) {
        const minutes = Math.ceil(throttled.retryAfterMs / 60_000);
        res.set('Retry-After', String(Math.ceil(throttled.retryAfterMs / 1000)));
        const text = tr.t(`${PROGRESS_NAMESPACE}:${minutes === 1 ? 'tooManyOneMinute' : 'tooMany'}`, {
          minutes,
        });
        return renderForm(form, res, 429, raw, [{ field: 'reference', href: '#reference', text }]);
      }
      if (errors.length > 0) return renderForm(form, res, 400, raw, errors);

      const identity =
        form === 'person'
          ? { dateOfBirth: values.dateOfBirth }
          : { organisationName: values.organisationName };
      const found = await findProgress(db, councilId, {
        reference: values.reference,
        postcode: values.postcode,
        ...identity,
      });
      if (!found) {
        await recordFailure(db, progressCheckLimit, who, now.getTime());
        // Nothing typed is shown back: the page must be the same whichever detail was wrong.
        const text = tr.t(`${PROGRESS_NAMESPACE}:check.${form}.noMatch`);
        return renderForm(form, res, 400, {}, [{ field: 'reference', href: '#reference', text }]);
      }
      res.render('progress/result.njk', {
        reference: found.reference,
        submitted: formatDate(found.submittedAt.slice(0, 10), res.locals.lang as Language),
        stage: `${PROGRESS_NAMESPACE}:states.${found.state}`,
      });
    });
  }

  return router;
}
