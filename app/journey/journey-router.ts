import express from 'express';
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import {
  formValuesFor,
  validateFields,
  type Answers,
  type FieldError,
  type Language,
} from '../../workflows/forms/fields';
import { localisedPage, type Translator, type Wording } from '../../workflows/i18n/localise';
import { todayInUk as todayIso } from '../../workflows/rules/dates';
import { gotoEvent, type JourneyContext, type JourneyEvent } from '../../workflows/journey/events';
import type { JourneyPage } from '../../workflows/journey/pages';
import { currentState, journeyPath, pageOf } from '../../workflows/journey/path';
import type { WorkflowKind } from '../../workflows/registry';
import type { Actor } from '../engine/actor';
import type { WorkflowRow, WorkflowStore } from '../engine/workflow-store';
import { answerSummary } from '../views/answer-summary';
import { regenerateSession } from '../middleware/session';
import { errorSummaryItems } from '../views/errors';

/**
 * Serves a citizen journey from its statechart, for any journey: GET renders the page of a state, POST
 * validates the page's fields, sends the event and redirects to wherever the statechart went
 * (post/redirect/get). The URL never sets the state: a page the snapshot does not allow redirects to the
 * right one. "Add another" list pages get their item sub-pages (add, change, remove) the same way.
 * Nothing here knows about Blue Badges.
 */
export interface JourneyOptions {
  kind: WorkflowKind;
  machine: AnyStateMachine;
  store: WorkflowStore;
  /** Where the journey's pages live, e.g. `/blue-badge/apply`. */
  baseUrl: string;
  /** The journey's input, e.g. the council's nation, used to replay its path. */
  input: (context: JourneyContext) => unknown;
  /**
   * Starting: the new instance's input and table columns (e.g. its reference), served as a start page and
   * its "Start now" button. Without it the journey is started elsewhere (staff keying) and `startUrl` says where.
   */
  start?: { input: () => unknown; columns: () => Record<string, unknown> };
  /** Where someone without an instance (or with an outdated one) is sent; the start page by default. */
  startUrl?: string;
  /** The session key that holds this person's instance id. */
  sessionKey: 'applicationId' | 'replacementId' | 'staffApplicationId' | 'staffReplacementId';
  /** Who answers: the resident by default; an officer when staff key the journey for them. */
  actor?: (res: express.Response, row: WorkflowRow) => Actor;
  /** Changes a page's words after localisation (e.g. the declaration an officer confirms for a resident). */
  reword?: (page: JourneyPage, state: string, translator: Translator) => JourneyPage;
  /** The translation namespace holding the journey's words (see workflows/i18n/localise.ts). */
  namespace: string;
  /** Adjusts a page for this instance, e.g. offering only the options of the council's nation. */
  adaptPage?: (page: JourneyPage, context: JourneyContext) => JourneyPage;
  /** "you" or "they" copy (someone applying for another person). */
  wording?: (context: JourneyContext) => Wording;
  /** Extra variables for the journey's templates (e.g. the application reference). */
  locals?: (row: Record<string, unknown>, context: JourneyContext) => Record<string, unknown>;
}

type Mode =
  { kind: 'page' } | { kind: 'add' } | { kind: 'change'; index: number } | { kind: 'remove'; index: number };

interface Journey {
  row: WorkflowRow;
  snapshot: AnyMachineSnapshot;
  context: JourneyContext;
  state: string;
  /** The page localised for this person (language, wording) and adapted to the instance. */
  page: JourneyPage;
  items: Answers[];
}

function translatorOf(res: express.Response): Translator {
  return res.locals.translator as Translator;
}

export function journeyRouter(options: JourneyOptions): express.Router {
  const router = express.Router();
  const { machine, store, baseUrl, start } = options;
  const startUrl = options.startUrl ?? baseUrl;
  const actorOf = options.actor ?? ((_res, row) => ({ type: 'citizen', id: row.id }) satisfies Actor);

  if (start) {
    // The start page (its words are `<namespace>:start.*`), and its "Start now" button.
    router.get('/', (_req, res) =>
      res.render('journey/start.njk', { startAction: `${baseUrl}/start`, namespace: options.namespace }),
    );
    router.post('/start', async (req, res) => {
      const row = await store.create(options.kind, {
        input: start.input(),
        columns: start.columns(),
        actor: { type: 'citizen' },
      });
      await regenerateSession(req);
      req.session[options.sessionKey] = row.id;
      res.redirect(303, urlOf(row.state));
    });
  }

  const byPath = new Map<string, string>();
  for (const state of Object.keys(machine.root.states)) {
    const page = pageOf(machine, state);
    if (page) byPath.set(page.path, state);
  }
  const urlOf = (state: string) => `${baseUrl}/${pageOf(machine, state)?.path ?? ''}`;

  function localised(res: express.Response, state: string, context: JourneyContext): JourneyPage {
    const page = pageOf(machine, state)!;
    const adapted = options.adaptPage ? options.adaptPage(page, context) : page;
    const translator = translatorOf(res);
    const words = localisedPage(adapted, options.namespace, state, translator, options.wording?.(context));
    return options.reword ? options.reword(words, state, translator) : words;
  }

  /** The page asked for, if the snapshot lets the person see it now. */
  function allowed(snapshot: AnyMachineSnapshot, state: string): boolean {
    return currentState(snapshot) === state || snapshot.can(gotoEvent(state));
  }

  async function loadJourney(req: express.Request, res: express.Response, path: string, mode: Mode) {
    const target = byPath.get(path);
    const id = req.session[options.sessionKey];
    const loaded = id ? await store.load(options.kind, id) : undefined;
    if (!loaded || !store.isCurrentVersion(options.kind, loaded.row)) {
      res.redirect(303, startUrl);
      return undefined;
    }
    const context = loaded.snapshot.context as JourneyContext;
    const page = target ? pageOf(machine, target) : undefined;
    const items = target ? (context.lists?.[target] ?? []) : [];
    const modeFits =
      mode.kind === 'page' ||
      (page?.itemFields !== undefined &&
        (mode.kind === 'add' || (mode.index >= 0 && mode.index < items.length)));
    if (!target || !allowed(loaded.snapshot, target) || !modeFits) {
      res.redirect(303, urlOf(currentState(loaded.snapshot)));
      return undefined;
    }
    return {
      ...loaded,
      context,
      state: target,
      page: localised(res, target, context),
      items,
    } satisfies Journey;
  }

  function render(
    res: express.Response,
    journey: Journey,
    mode: Mode,
    form: { values: Record<string, string>; errors: FieldError[] },
  ) {
    const path = journeyPath(machine, journey.context.answers, options.input(journey.context));
    const language = res.locals.lang as Language;
    const isList = journey.page.itemFields !== undefined;
    // A list's item pages (add, change, remove) share one template.
    const view = !isList || mode.kind === 'page' ? journey.page.view : 'journey/list-item.njk';
    const pageUrl = urlOf(journey.state);
    res.status(form.errors.length > 0 ? 400 : 200).render(view, {
      page: journey.page,
      state: journey.state,
      namespace: options.namespace,
      mode,
      items: isList ? itemRows(journey, language, pageUrl) : [],
      itemBeingRemoved: mode.kind === 'remove' ? itemRows(journey, language, pageUrl)[mode.index] : undefined,
      formAction: mode.kind === 'page' ? pageUrl : itemUrl(pageUrl, mode),
      backLink: mode.kind === 'page' ? backLinkFor(journey.state, path) : pageUrl,
      values: form.values,
      errors: form.errors,
      errorList: errorSummaryItems(form.errors),
      summary: journey.page.view.endsWith('check-answers.njk')
        ? answerSummary(
            path.answered.map((state) => ({ state, page: localised(res, state, journey.context) })),
            journey.context.answers,
            journey.context.lists ?? {},
            language,
            { changeHref: urlOf },
          )
        : [],
      ...(options.locals?.(journey.row, journey.context) ?? {}),
    });
  }

  function itemRows(journey: Journey, language: Language, pageUrl: string) {
    return answerSummary(
      [{ state: journey.state, page: journey.page }],
      journey.context.answers,
      { [journey.state]: journey.items },
      language,
      { perItem: true },
    )
      .filter((row) => row.itemIndex !== undefined)
      .map((row) => ({
        ...row,
        changeHref: itemUrl(pageUrl, { kind: 'change', index: row.itemIndex! }),
        removeHref: itemUrl(pageUrl, { kind: 'remove', index: row.itemIndex! }),
      }));
  }

  /** The previous stop on the statechart's own path: back links never guess. */
  function backLinkFor(state: string, path: { answered: string[]; next: string }): string {
    const index = path.answered.indexOf(state);
    if (index === -1 && path.next !== state) return urlOf(path.next);
    const previous = index === -1 ? path.answered.length - 1 : index - 1;
    return previous < 0 ? startUrl : urlOf(path.answered[previous]);
  }

  /** The event(s) a valid post sends: a list's item event, or the page's answers. */
  function eventsFor(journey: Journey, mode: Mode, body: Record<string, unknown>, res: express.Response) {
    const today = todayIso();
    const goto: EventObject[] =
      currentState(journey.snapshot) === journey.state ? [] : [gotoEvent(journey.state)];
    const itemFields = journey.page.itemFields;
    if (itemFields && (mode.kind === 'add' || mode.kind === 'change')) {
      const result = validateFields(itemFields, body, today);
      if (result.errors.length > 0) return { errors: result.errors, raw: result.raw };
      const event: JourneyEvent =
        mode.kind === 'add'
          ? { type: 'ADD_ITEM', list: journey.state, item: result.values }
          : { type: 'CHANGE_ITEM', list: journey.state, index: mode.index, item: result.values };
      return { events: [...goto, event as EventObject], stay: true };
    }
    if (mode.kind === 'remove') {
      const result = validateFields(removeFields(res), body, today);
      if (result.errors.length > 0) return { errors: result.errors, raw: result.raw };
      if (result.values.remove !== 'yes') return { events: [], stay: true };
      const event: JourneyEvent = { type: 'REMOVE_ITEM', list: journey.state, index: mode.index };
      return { events: [...goto, event as EventObject], stay: true };
    }
    if (journey.page.fields.length === 0) return { events: [...goto, { type: 'CONTINUE' }], stay: false };
    const result = validateFields(journey.page.fields, body, today);
    if (result.errors.length > 0) return { errors: result.errors, raw: result.raw };
    if (itemFields && result.values.addAnother === 'yes') {
      return { redirect: itemUrl(urlOf(journey.state), { kind: 'add' }) };
    }
    const submit: JourneyEvent = { type: 'SUBMIT', page: journey.state, answers: result.values };
    return { events: [...goto, submit as EventObject], stay: false };
  }

  /** The "are you sure?" question of a remove page. */
  function removeFields(res: express.Response) {
    return [
      {
        kind: 'radios' as const,
        name: 'remove',
        options: [{ value: 'yes' }, { value: 'no' }],
        errors: { required: translatorOf(res).t('common:list.removeRequired') },
      },
    ];
  }

  function route(path: string, modeOf: (req: express.Request) => Mode) {
    router.get(path, async (req, res) => {
      const mode = modeOf(req);
      const journey = await loadJourney(req, res, String(req.params.page), mode);
      if (!journey) return;
      const stored =
        mode.kind === 'change'
          ? journey.items[mode.index]
          : mode.kind === 'page'
            ? journey.context.answers[journey.state]
            : {};
      const fields =
        mode.kind === 'change' || mode.kind === 'add' ? journey.page.itemFields! : journey.page.fields;
      render(res, journey, mode, { values: formValuesFor(fields, stored ?? {}), errors: [] });
    });

    router.post(path, async (req, res) => {
      const mode = modeOf(req);
      const journey = await loadJourney(req, res, String(req.params.page), mode);
      if (!journey) return;
      const outcome = eventsFor(journey, mode, (req.body ?? {}) as Record<string, unknown>, res);
      if ('errors' in outcome && outcome.errors) {
        return render(res, journey, mode, { values: outcome.raw ?? {}, errors: outcome.errors });
      }
      if ('redirect' in outcome && outcome.redirect) return res.redirect(303, outcome.redirect);
      const events = outcome.events ?? [];
      if (events.length === 0) return res.redirect(303, urlOf(journey.state));
      const sent = await store.send(options.kind, journey.row.id, events, actorOf(res, journey.row));
      if (!sent.ok) {
        // Another tab moved the journey on, or the page cannot be answered now: show where it really is.
        const fresh = await store.load(options.kind, journey.row.id);
        return res.redirect(303, fresh ? urlOf(currentState(fresh.snapshot)) : startUrl);
      }
      res.redirect(303, outcome.stay ? urlOf(journey.state) : urlOf(currentState(sent.snapshot)));
    });
  }

  const index = (req: express.Request) => {
    const text = String(req.params.index);
    return /^\d{1,4}$/.test(text) ? Number(text) - 1 : -1;
  };
  route('/:page', () => ({ kind: 'page' }));
  route('/:page/add', () => ({ kind: 'add' }));
  route('/:page/:index/change', (req) => ({ kind: 'change', index: index(req) }));
  route('/:page/:index/remove', (req) => ({ kind: 'remove', index: index(req) }));

  return router;
}

/** Item sub-pages are numbered from 1 in URLs, as people count. */
function itemUrl(pageUrl: string, mode: Mode): string {
  if (mode.kind === 'add') return `${pageUrl}/add`;
  if (mode.kind === 'change') return `${pageUrl}/${mode.index + 1}/change`;
  if (mode.kind === 'remove') return `${pageUrl}/${mode.index + 1}/remove`;
  return pageUrl;
}
