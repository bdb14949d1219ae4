import express from 'express';
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { formValuesFor, validateFields, type FieldError, type Language } from '../../workflows/forms/fields';
import { localisePage, type Translator } from '../../workflows/i18n/localise';
import { todayInUk as todayIso } from '../../workflows/rules/dates';
import { gotoEvent, type JourneyContext } from '../../workflows/journey/events';
import type { JourneyPage } from '../../workflows/journey/pages';
import { currentState, journeyPath, pageOf } from '../../workflows/journey/path';
import type { WorkflowKind } from '../../workflows/registry';
import type { WorkflowStore } from '../engine/workflow-store';
import { answerSummary } from '../views/answer-summary';
import { errorSummaryItems } from '../views/errors';

/**
 * Serves a citizen journey from its statechart, for any journey: GET renders the page of a state, POST
 * validates the page's fields, sends the event and redirects to wherever the statechart went
 * (post/redirect/get). The URL never sets the state: a page the snapshot does not allow redirects to the
 * right one. Nothing here knows about Blue Badges.
 */
export interface JourneyOptions {
  kind: WorkflowKind;
  machine: AnyStateMachine;
  store: WorkflowStore;
  /** Where the journey's pages live, e.g. `/blue-badge/apply`. */
  baseUrl: string;
  /** The start page's URL (the page before the first question). */
  startUrl: string;
  /** The journey's input, e.g. the council's nation, used to replay its path. */
  input: (context: JourneyContext) => unknown;
  /** The session key that holds this person's instance id. */
  loadId: (req: express.Request) => string | undefined;
  /** The translation namespace holding the journey's words (see workflows/i18n/localise.ts). */
  namespace: string;
  /** Extra variables for the journey's templates (e.g. the application reference). */
  locals?: (row: Record<string, unknown>) => Record<string, unknown>;
}

function translatorOf(res: express.Response): Translator {
  return res.locals.translator as Translator;
}

interface PageState {
  state: string;
  page: JourneyPage;
}

export function journeyRouter(options: JourneyOptions): express.Router {
  const router = express.Router();
  const { machine, store, baseUrl } = options;

  const byPath = new Map<string, PageState>();
  for (const state of Object.keys(machine.root.states)) {
    const page = pageOf(machine, state);
    if (page) byPath.set(page.path, { state, page });
  }
  const urlOf = (state: string) => `${baseUrl}/${pageOf(machine, state)?.path ?? ''}`;

  /** The page asked for, if the snapshot lets the person see it now. */
  function allowed(snapshot: AnyMachineSnapshot, state: string): boolean {
    return currentState(snapshot) === state || snapshot.can(gotoEvent(state));
  }

  async function loadJourney(req: express.Request, res: express.Response, path: string) {
    const target = byPath.get(path);
    const id = options.loadId(req);
    const loaded = id ? await store.load(options.kind, id) : undefined;
    if (!loaded) {
      res.redirect(303, options.startUrl);
      return undefined;
    }
    if (!target || !allowed(loaded.snapshot, target.state)) {
      res.redirect(303, urlOf(currentState(loaded.snapshot)));
      return undefined;
    }
    // The page in the person's language: its words, hints and error messages.
    const page = localisePage(target.page, options.namespace, target.state, translatorOf(res));
    return { ...loaded, state: target.state, page };
  }

  function render(
    res: express.Response,
    journey: NonNullable<Awaited<ReturnType<typeof loadJourney>>>,
    form: { values: Record<string, string>; errors: FieldError[] },
  ) {
    const context = journey.snapshot.context as JourneyContext;
    const path = journeyPath(machine, context.answers, options.input(context));
    res.status(form.errors.length > 0 ? 400 : 200).render(journey.page.view, {
      page: journey.page,
      state: journey.state,
      formAction: urlOf(journey.state),
      backLink: backLinkFor(journey.state, path),
      values: form.values,
      errors: form.errors,
      errorList: errorSummaryItems(form.errors),
      summary: answerSummary(
        path.answered.map((state) => ({
          state,
          page: localisePage(pageOf(machine, state)!, options.namespace, state, translatorOf(res)),
        })),
        context.answers,
        res.locals.lang as Language,
        urlOf,
      ),
      ...(options.locals?.(journey.row) ?? {}),
    });
  }

  /** The previous stop on the statechart's own path: back links never guess. */
  function backLinkFor(state: string, path: { answered: string[]; next: string }): string {
    const index = path.answered.indexOf(state);
    if (index === -1 && path.next !== state) return urlOf(path.next);
    const previous = index === -1 ? path.answered.length - 1 : index - 1;
    return previous < 0 ? options.startUrl : urlOf(path.answered[previous]);
  }

  router.get('/:page', async (req, res) => {
    const journey = await loadJourney(req, res, req.params.page);
    if (!journey) return;
    const context = journey.snapshot.context as JourneyContext;
    render(res, journey, {
      values: formValuesFor(journey.page.fields, context.answers[journey.state] ?? {}),
      errors: [],
    });
  });

  router.post('/:page', async (req, res) => {
    const journey = await loadJourney(req, res, req.params.page);
    if (!journey) return;
    const events: EventObject[] =
      currentState(journey.snapshot) === journey.state ? [] : [gotoEvent(journey.state)];
    if (journey.page.fields.length > 0) {
      const result = validateFields(
        journey.page.fields,
        (req.body ?? {}) as Record<string, unknown>,
        todayIso(),
      );
      if (result.errors.length > 0)
        return render(res, journey, { values: result.raw, errors: result.errors });
      events.push({ type: 'SUBMIT', page: journey.state, answers: result.values } as EventObject);
    } else {
      events.push({ type: 'CONTINUE' });
    }
    const sent = await store.send(options.kind, journey.row.id, events, {
      type: 'citizen',
      id: journey.row.id,
    });
    if (!sent.ok) {
      // Another tab moved the journey on, or the page cannot be answered now: show where it really is.
      const fresh = await store.load(options.kind, journey.row.id);
      return res.redirect(303, fresh ? urlOf(currentState(fresh.snapshot)) : options.startUrl);
    }
    res.redirect(303, urlOf(currentState(sent.snapshot)));
  });

  return router;
}
