import express from 'express';
import { formValuesFor, validateFields, type Field, type FieldError } from '../../workflows/forms/fields';
import type { ChannelCode } from '../../workflows/case/machine';
import { localiseFields, localisedPage, type Translator } from '../../workflows/i18n/localise';
import { pageOf } from '../../workflows/journey/path';
import { todayInUk } from '../../workflows/rules/dates';
import type { Actor } from '../engine/actor';
import { journeyRouter, type JourneyOptions } from '../journey/journey-router';
import { currentStaff, requirePermission } from '../middleware/auth';
import { errorSummaryItems } from '../views/errors';
import { applicationJourney, replacementJourney, type CitizenOptions } from './apply';

/** The national channel codes staff key (blue-badge-scheme.md §9, [BBDS-REF]); ONLINE is the resident's own. */
export const KEYED_CHANNELS = ['PAPER', 'PHONE', 'INPERSON'] as const satisfies readonly ChannelCode[];

/** The staff words of this feature: `case:keying.*` (staff pages are in English only). */
const WORDS = 'case:keying';

/** "What are you entering, and how did it reach the council?" */
const START_FIELDS: Field[] = [
  { kind: 'radios', name: 'journey', options: [{ value: 'application' }, { value: 'replacement' }] },
  { kind: 'radios', name: 'channel', options: KEYED_CHANNELS.map((value) => ({ value })) },
];

/**
 * Paper, phone and in-person applications: an officer keys what the resident wrote or said through the
 * very same journey a resident uses online (same statechart, pages, checks and eligibility rules), under
 * /staff/applications. The application records its channel and who keyed it (`keyed_by`); every answer's
 * audit row names the officer; the case it opens says who keyed it. Only staff may answer a keyed
 * application's questions, and staff may answer no other (app/engine/workflow-store.ts).
 */
export function staffKeyingRoutes(options: CitizenOptions): express.Router {
  const router = express.Router();
  const staffUrl = `${options.mountPath}/staff`;
  const newUrl = `${staffUrl}/applications/new`;
  // The resident pays the council directly (a card over the phone, at the desk): nothing online here.
  const offline: CitizenOptions = {
    ...options,
    fees:
      options.fees &&
      (Object.fromEntries(
        Object.entries(options.fees).map(([journey, fee]) => [journey, { ...fee, onlinePayment: false }]),
      ) as CitizenOptions['fees']),
  };
  const journeys = {
    application: { ...applicationJourney(offline), path: 'apply', sessionKey: 'staffApplicationId' },
    replacement: { ...replacementJourney(offline), path: 'replace', sessionKey: 'staffReplacementId' },
  } as const;

  router.use('/applications', requirePermission('application:key'), (_req, res, next) => {
    res.locals.layout = 'layouts/staff.njk';
    next();
  });

  const startFields = (res: express.Response) =>
    localiseFields(START_FIELDS, `${WORDS}.start`, res.locals.translator as Translator);
  const startForm = (res: express.Response, values: Record<string, string>, errors: FieldError[]) =>
    res.status(errors.length > 0 ? 400 : 200).render('staff/keying-start.njk', {
      fields: startFields(res),
      values,
      errors,
      errorList: errorSummaryItems(errors),
    });

  router.get('/applications/new', (_req, res) => startForm(res, formValuesFor(START_FIELDS, {}), []));

  router.post('/applications/new', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = validateFields(startFields(res), body, todayInUk());
    if (result.errors.length > 0) return startForm(res, result.raw, result.errors);
    const journey = journeys[result.values.journey as keyof typeof journeys];
    const row = await options.store.create(journey.kind, {
      input: journey.start.input(),
      columns: { ...journey.start.columns(), channel: result.values.channel, keyed_by: currentStaff(res).id },
      actor: staffActor(res),
    });
    req.session[journey.sessionKey] = row.id;
    const firstPage = pageOf(journey.machine, row.state)?.path ?? '';
    res.redirect(303, `${staffUrl}/applications/${journey.path}/${firstPage}`);
  });

  for (const journey of Object.values(journeys)) {
    const { path, ...definition } = journey;
    const keyed: JourneyOptions = {
      ...definition,
      start: undefined,
      startUrl: newUrl,
      baseUrl: `${staffUrl}/applications/${path}`,
      actor: staffActor,
      reword: rewordForStaff,
      locals: (row, context) => ({
        ...definition.locals?.(row, context),
        keying: { channel: row.channel, reference: row.reference },
        caseUrl: `${staffUrl}/cases/${encodeURIComponent(String(row.reference))}`,
        anotherUrl: newUrl,
      }),
    };
    router.use(`/applications/${path}`, journeyRouter(keyed));
  }
  return router;
}

function staffActor(res: express.Response): Actor {
  const staff = currentStaff(res);
  return { type: 'staff', id: staff.id, name: staff.name, role: staff.role };
}

/**
 * The pages that speak to the resident in person (the declaration, the confirmation) have staff words
 * where `case:keying.pages.<state>` holds them; every other page asks the resident's own questions.
 */
function rewordForStaff(
  page: Parameters<NonNullable<JourneyOptions['reword']>>[0],
  state: string,
  translator: Translator,
) {
  const key = `${WORDS}.pages.${state}`;
  return translator.exists(key) ? localisedPage(page, 'case', `keying.pages.${state}`, translator) : page;
}
