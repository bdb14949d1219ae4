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
import type { FeeContext, JourneyFee } from '../../workflows/journey/fee';
import {
  MAX_FILES_PER_SECTION,
  type JourneyPage,
  type UploadedFileItem,
} from '../../workflows/journey/pages';
import { currentState, journeyPath, pageOf } from '../../workflows/journey/path';
import type { WorkflowKind } from '../../workflows/registry';
import type { Actor } from '../engine/actor';
import type { WorkflowRow, WorkflowStore } from '../engine/workflow-store';
import { answerSummary } from '../views/answer-summary';
import { regenerateSession } from '../middleware/session';
import { errorSummaryItems } from '../views/errors';
import { checkFile, fileDetails, type EvidenceStore, type UploadProblem } from '../uploads/evidence';
import { sendEvidence } from '../uploads/serve';

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
  /** Where upload pages keep their files (needed only by a journey with upload pages). */
  evidence?: EvidenceStore;
  /**
   * Where "Save and come back later" goes (residents' journeys: app/routes/save-for-later.ts). Without it
   * (staff keying) question, list and upload pages have no such button.
   */
  saveUrl?: string;
  /** Pages the app serves itself, by the page's `handover` name (e.g. `payment`: app/payments/handover.ts). */
  handovers?: Record<string, Handover>;
  /** The fee the journey charges, worked out from its answers; the context's `fee` as it is by default. */
  feeOf?: (context: JourneyContext) => JourneyFee | undefined;
}

/** The pages that offer "Save and come back later": questions, lists and uploads. */
const SAVEABLE_VIEWS = new Set(['journey/question.njk', 'journey/list.njk', 'journey/upload.njk']);

declare module 'express-session' {
  interface SessionData {
    /** The page "Save and come back later" was pressed on: returning puts the applicant back there. */
    saveFrom?: { kind: WorkflowKind; path: string };
  }
}

/**
 * A page whose state the statechart reaches like any other, but that the app serves itself: `start` runs
 * when a post lands on it, `show` when it is asked for (e.g. the person back from the payment provider).
 * It moves the journey on only through `send`, so the statechart still decides what happens next.
 */
export interface Handover {
  start(req: express.Request, res: express.Response, journey: HandedOver): Promise<void>;
  show(req: express.Request, res: express.Response, journey: HandedOver): Promise<void>;
}

export interface HandedOver {
  row: WorkflowRow;
  context: JourneyContext;
  /** The fee the journey charges (JourneyOptions.feeOf). */
  fee: JourneyFee | undefined;
  /** The handover page's own address (the provider's return URL, say). */
  pageUrl: string;
  send(events: EventObject[]): ReturnType<WorkflowStore['send']>;
  /** The page of the state a snapshot is in. */
  urlOf(snapshot: AnyMachineSnapshot): string;
  /** The store's clock (ISO-8601). */
  now(): string;
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
  let hasUploads = false;
  for (const state of Object.keys(machine.root.states)) {
    const page = pageOf(machine, state);
    if (page) byPath.set(page.path, state);
    if (page?.upload) hasUploads = true;
  }
  const urlOf = (state: string) => `${baseUrl}/${pageOf(machine, state)?.path ?? ''}`;
  const evidenceUrl = (id: string) => `${baseUrl}/evidence/${encodeURIComponent(id)}`;

  function evidenceStore(): EvidenceStore {
    if (!options.evidence)
      throw new Error(`The ${options.kind} journey has upload pages but no evidence store`);
    return options.evidence;
  }

  // A person's own files only (checked against the instance in their session): anyone else gets a 404.
  const ownFile = (thumbnail: boolean) => async (req: express.Request, res: express.Response) => {
    const id = req.session[options.sessionKey];
    const row = id ? await evidenceStore().find(options.kind, id, String(req.params.id)) : undefined;
    if (!row) return res.status(404).render('errors/404.njk');
    await sendEvidence(res, evidenceStore().storage, row, { thumbnail });
  };
  if (hasUploads) {
    router.get('/evidence/:id', ownFile(false));
    router.get('/evidence/:id/thumbnail', ownFile(true));
  }

  /**
   * Once the journey is sent, files the statechart no longer holds (uploaded on a page the answers
   * later left off the path, and so pruned from the lists) are deleted: nothing unused is kept.
   */
  async function keepOnlySentEvidence(row: WorkflowRow, snapshot: AnyMachineSnapshot) {
    if (!hasUploads || snapshot.status !== 'done') return;
    const lists = (snapshot.context as JourneyContext).lists ?? {};
    const kept = new Set(
      Object.values(lists).flatMap((items) => items.map((item) => item.evidenceId).filter(Boolean)),
    );
    for (const file of await evidenceStore().list(options.kind, row.id)) {
      if (!kept.has(file.id)) await evidenceStore().delete(options.kind, row.id, file.id);
    }
  }

  function localised(res: express.Response, state: string, context: JourneyContext): JourneyPage {
    const page = pageOf(machine, state)!;
    const adapted = options.adaptPage ? options.adaptPage(page, context) : page;
    const translator = translatorOf(res);
    const namespace = adapted.namespace ?? options.namespace;
    const words = localisedPage(adapted, namespace, state, translator, options.wording?.(context));
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
    const inList = (index: number) => index >= 0 && index < items.length;
    const modeFits =
      mode.kind === 'page' ||
      (page?.itemFields !== undefined && (mode.kind === 'add' || inList(mode.index))) ||
      // Uploaded files have no item form: they can only be removed.
      (page?.upload !== undefined && mode.kind === 'remove' && inList(mode.index));
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

  const offersSave = (journey: Journey) =>
    options.saveUrl !== undefined && SAVEABLE_VIEWS.has(journey.page.view);

  /** On to the "save and come back later" email page, remembering this page to return to. */
  function toSave(req: express.Request, res: express.Response, journey: Journey) {
    req.session.saveFrom = { kind: options.kind, path: journey.page.path };
    res.redirect(303, options.saveUrl!);
  }

  /**
   * "Save and come back later" on a question page keeps the page's answers when they are valid (as
   * Continue would); invalid or missing answers are left unsaved rather than stopping someone who needs
   * to leave. A list's items are saved as each is added, so a list page has nothing more to keep.
   */
  async function saveForLater(req: express.Request, res: express.Response, journey: Journey) {
    if (journey.page.view === 'journey/question.njk' && journey.page.fields.length > 0) {
      const result = validateFields(journey.page.fields, req.body ?? {}, todayIso());
      if (result.errors.length === 0) {
        const goto = currentState(journey.snapshot) === journey.state ? [] : [gotoEvent(journey.state)];
        const submit: JourneyEvent = { type: 'SUBMIT', page: journey.state, answers: result.values };
        await store.send(
          options.kind,
          journey.row.id,
          [...goto, submit as EventObject],
          actorOf(res, journey.row),
          { loaded: journey },
        );
      }
    }
    toSave(req, res, journey);
  }

  function render(
    res: express.Response,
    journey: Journey,
    mode: Mode,
    form: { values: Record<string, string>; errors: FieldError[] },
  ) {
    const path = journeyPath(
      machine,
      journey.context.answers,
      options.input(journey.context),
      journey.context.lists,
    );
    const language = res.locals.lang as Language;
    const isList = journey.page.itemFields !== undefined;
    const isUpload = journey.page.upload !== undefined;
    // A list's item pages (add, change, remove) share one template; so does removing an uploaded file.
    const view = (!isList && !isUpload) || mode.kind === 'page' ? journey.page.view : 'journey/list-item.njk';
    const pageUrl = urlOf(journey.state);
    const files = isUpload ? fileRows(journey, language, pageUrl) : [];
    res.status(form.errors.length > 0 ? 400 : 200).render(view, {
      page: journey.page,
      state: journey.state,
      namespace: options.namespace,
      mode,
      items: isList ? itemRows(journey, language, pageUrl) : [],
      files,
      itemBeingRemoved:
        mode.kind !== 'remove'
          ? undefined
          : isUpload
            ? files[mode.index]
            : itemRows(journey, language, pageUrl)[mode.index],
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
      saveForLater: mode.kind === 'page' && offersSave(journey),
      uploadAccept:
        journey.page.upload?.accept === 'images' ? '.jpg,.jpeg,.png,.gif' : '.jpg,.jpeg,.png,.gif,.pdf',
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

  /** An upload page's files: name, type and size, a thumbnail for images, and a Remove link each. */
  function fileRows(journey: Journey, language: Language, pageUrl: string) {
    return (journey.items as UploadedFileItem[]).map((item, index) => ({
      key: item.name,
      lines: [fileDetails(item.contentType, Number(item.size), language)],
      href: evidenceUrl(item.evidenceId),
      thumbnailUrl: item.contentType.startsWith('image/')
        ? `${evidenceUrl(item.evidenceId)}/thumbnail`
        : undefined,
      removeHref: itemUrl(pageUrl, { kind: 'remove', index }),
    }));
  }

  function uploadError(res: express.Response, journey: Journey, problem: UploadProblem | 'nothingUploaded') {
    const tr = translatorOf(res);
    const accept = journey.page.upload?.accept === 'images' ? 'Images' : 'Documents';
    const text =
      problem === 'nothingUploaded'
        ? (journey.page.texts?.required ?? tr.t('common:upload.errors.required'))
        : tr.t(`common:upload.errors.${problem === 'wrongType' ? `wrongType${accept}` : problem}`);
    return { field: 'file', href: '#file', text };
  }

  /**
   * An upload page's form: a file chosen is checked and stored, then added to the page's list; "Continue"
   * (with or without a file) also answers the page. All of it goes to the statechart as one send.
   */
  async function postUpload(req: express.Request, res: express.Response, journey: Journey) {
    const section = journey.page.upload!;
    const uploads = evidenceStore();
    const body = (req.body ?? {}) as Record<string, unknown>;
    // "Save and come back later" keeps a file chosen when it passes the checks, and never stops on one that does not.
    const saving = body.action === 'save' && offersSave(journey);
    const continuing = !saving && body.action !== 'upload';
    // A file input left empty still sends a part, with no name and no bytes.
    const file =
      req.upload && (req.upload.filename !== '' || req.upload.content.length > 0 || req.upload.tooBig)
        ? req.upload
        : undefined;
    const refuse = (problem: UploadProblem | 'nothingUploaded') =>
      render(res, journey, { kind: 'page' }, { values: {}, errors: [uploadError(res, journey, problem)] });
    const events: EventObject[] =
      currentState(journey.snapshot) === journey.state ? [] : [gotoEvent(journey.state)];
    let saved: { id: string } | undefined;
    const checked =
      file && journey.items.length < MAX_FILES_PER_SECTION ? await checkFile(file, section) : undefined;
    if (saving && !checked?.ok) return toSave(req, res, journey);
    if (file) {
      if (!checked) return refuse('tooMany');
      if (!checked.ok) return refuse(checked.problem);
      const row = await uploads.save({
        kind: options.kind,
        instanceId: journey.row.id,
        section: section.evidenceType,
        uploadedName: file.filename,
        content: file.content,
        checked: checked.file,
        now: store.now(),
      });
      saved = row;
      const item: UploadedFileItem = {
        evidenceId: row.id,
        name: row.original_name,
        contentType: row.content_type,
        size: String(row.size_bytes),
      };
      events.push({ type: 'ADD_ITEM', list: journey.state, item } satisfies JourneyEvent as EventObject);
    } else if (!continuing) {
      return refuse('required');
    }
    if (continuing) {
      if (section.required && journey.items.length === 0 && !saved) return refuse('nothingUploaded');
      events.push({ type: 'SUBMIT', page: journey.state, answers: {} } satisfies JourneyEvent as EventObject);
    }
    const sent = await store.send(options.kind, journey.row.id, events, actorOf(res, journey.row), {
      loaded: journey,
    });
    if (!sent.ok) {
      if (saved) await uploads.delete(options.kind, journey.row.id, saved.id);
      if (saving) return toSave(req, res, journey);
      const fresh = await store.load(options.kind, journey.row.id);
      return res.redirect(303, fresh ? urlOf(currentState(fresh.snapshot)) : startUrl);
    }
    if (saving) return toSave(req, res, journey);
    res.redirect(303, continuing ? urlOf(currentState(sent.snapshot)) : urlOf(journey.state));
  }

  /** The handover serving a state's page, if the app registered one. */
  function handoverAt(state: string): Handover | undefined {
    const name = pageOf(machine, state)?.handover;
    return name ? options.handovers?.[name] : undefined;
  }
  const feeOf = options.feeOf ?? ((context: JourneyContext & FeeContext) => context.fee);
  const handedOver = (res: express.Response, row: WorkflowRow, snapshot: AnyMachineSnapshot): HandedOver => ({
    row,
    context: snapshot.context as JourneyContext,
    fee: feeOf(snapshot.context as JourneyContext),
    pageUrl: urlOf(currentState(snapshot)),
    send: (events) => store.send(options.kind, row.id, events, actorOf(res, row)),
    urlOf: (next) => urlOf(currentState(next)),
    now: () => store.now(),
  });

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
      const handover = mode.kind === 'page' ? handoverAt(journey.state) : undefined;
      if (handover) return handover.show(req, res, handedOver(res, journey.row, journey.snapshot));
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
      if (journey.page.upload && mode.kind === 'page') return postUpload(req, res, journey);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (mode.kind === 'page' && body.action === 'save' && offersSave(journey)) {
        return saveForLater(req, res, journey);
      }
      const outcome = eventsFor(journey, mode, (req.body ?? {}) as Record<string, unknown>, res);
      if ('errors' in outcome && outcome.errors) {
        return render(res, journey, mode, { values: outcome.raw ?? {}, errors: outcome.errors });
      }
      if ('redirect' in outcome && outcome.redirect) return res.redirect(303, outcome.redirect);
      const events = outcome.events ?? [];
      if (events.length === 0) return res.redirect(303, urlOf(journey.state));
      const sent = await store.send(options.kind, journey.row.id, events, actorOf(res, journey.row), {
        loaded: journey,
      });
      if (!sent.ok) {
        // Another tab moved the journey on, or the page cannot be answered now: show where it really is.
        const fresh = await store.load(options.kind, journey.row.id);
        return res.redirect(303, fresh ? urlOf(currentState(fresh.snapshot)) : startUrl);
      }
      await keepOnlySentEvidence(journey.row, sent.snapshot);
      // A removed file goes for good once the statechart has let it go.
      const removed = (
        journey.items[mode.kind === 'remove' ? mode.index : -1] as UploadedFileItem | undefined
      )?.evidenceId;
      if (journey.page.upload && removed && events.some((event) => event.type === 'REMOVE_ITEM')) {
        await evidenceStore().delete(options.kind, journey.row.id, removed);
      }
      const handover = outcome.stay ? undefined : handoverAt(currentState(sent.snapshot));
      if (handover) return handover.start(req, res, handedOver(res, sent.row, sent.snapshot));
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
