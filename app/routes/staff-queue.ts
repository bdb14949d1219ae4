import express from 'express';
import type { Knex } from 'knex';
import type { FieldError } from '../../workflows/forms/fields';
import { hasPermission, type Permission } from '../../workflows/permissions';
import type { WorkflowRow, WorkflowStore } from '../engine/workflow-store';
import { currentStaff } from '../middleware/auth';
import { assignableStaff, assignCase, assignmentChoices } from '../services/assignment';
import {
  decodeCursor,
  encodeCursor,
  findQueuePage,
  OPEN_STATES,
  parseSearch,
  ROUTE_FILTERS,
  SEARCH_MAX_LENGTH,
  STATE_FILTERS,
  type QueueCursor,
  type QueueFilters,
  type QueueItem,
} from '../services/queue';
import type { StaffUser } from '../services/staff';
import { errorSummaryItems } from '../views/errors';

/** The council's decision target when none is configured (config `targetWeeks`, TARGET_WEEKS). */
const DEFAULT_TARGET_WEEKS = 12;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The "Show only" checkboxes. */
const SHOW_OPTIONS = [
  { value: 'fast-track', text: 'Fast track (terminal illness)' },
  { value: 'overdue', text: 'Overdue' },
] as const;
const ASSIGNED_OPTIONS = [
  { value: '', text: 'Anyone or no one' },
  { value: 'me', text: 'Me' },
  { value: 'none', text: 'No one (unassigned)' },
] as const;

/** The queue's form as sent (GET query parameters), for redisplay and for the page links. */
interface QueueForm {
  q: string;
  state: string;
  route: string;
  assigned: string;
  show: string[];
}

function targetWeeksOf(res: express.Response): number {
  const weeks = Number(res.app.locals.targetWeeks);
  return Number.isInteger(weeks) && weeks > 0 ? weeks : DEFAULT_TARGET_WEEKS;
}

/**
 * Reads and checks every queue parameter. Anything not offered by the form (an unknown status, two
 * values for one filter, a cursor this service did not make) is an error to show, never a query to run.
 */
function readQueueQuery(query: Record<string, unknown>, firstPageHref: (form: QueueForm) => string) {
  const errors: FieldError[] = [];
  const single = (name: string, message: string): string => {
    const value = query[name];
    if (value === undefined) return '';
    if (typeof value === 'string') return value;
    errors.push({ field: name, href: `#${name}`, text: message });
    return '';
  };
  const form: QueueForm = {
    q: single('q', 'Enter one search'),
    state: single('state', 'Select a status from the list'),
    route: single('route', 'Select an eligibility route from the list'),
    assigned: single('assigned', 'Select who the cases are assigned to from the list'),
    show: [],
  };
  const shown = query.show === undefined ? [] : Array.isArray(query.show) ? query.show : [query.show];
  if (shown.every((value): value is string => SHOW_OPTIONS.some((option) => option.value === value))) {
    form.show = [...new Set(shown)];
  } else {
    errors.push({ field: 'show', href: '#show', text: 'Select only the options shown' });
  }
  const state = STATE_FILTERS.find((option) => option.value === form.state);
  if (form.state !== '' && !state) {
    errors.push({ field: 'state', href: '#state', text: 'Select a status from the list' });
  }
  if (form.route !== '' && !ROUTE_FILTERS.some((option) => option.value === form.route)) {
    errors.push({ field: 'route', href: '#route', text: 'Select an eligibility route from the list' });
  }
  if (!ASSIGNED_OPTIONS.some((option) => option.value === form.assigned)) {
    errors.push({
      field: 'assigned',
      href: '#assigned',
      text: 'Select who the cases are assigned to from the list',
    });
  }
  const search = parseSearch(form.q);
  if (search.error) errors.push({ field: 'q', href: '#q', text: search.error });

  const cursorError = {
    field: 'cursor',
    href: '',
    text: 'This page link is not valid. Go to the first page',
  };
  const after = single('after', cursorError.text);
  const before = single('before', cursorError.text);
  const position: { after?: QueueCursor; before?: QueueCursor } = {};
  if (after !== '' || before !== '') {
    const cursor = decodeCursor(after !== '' ? after : before);
    if (!cursor || (after !== '' && before !== '')) errors.push(cursorError);
    else if (after !== '') position.after = cursor;
    else position.before = cursor;
  }
  // Whatever went wrong with a page link, the first page with the same filters is the way on.
  for (const error of errors) {
    if (error.field === 'after' || error.field === 'before' || error.field === 'cursor') {
      error.href = firstPageHref(form);
    }
  }
  // One message per field: a repeated parameter would otherwise say the same thing twice.
  const unique = errors.filter(
    (error, index) => errors.findIndex((other) => other.field === error.field) === index,
  );
  return { form, errors: unique, states: state?.states, search: search.criteria, position };
}

/** The query string for a queue link: the form's filters (only those set) and, perhaps, a cursor. */
function queueQueryString(form: QueueForm, cursor?: { after?: string; before?: string }): string {
  const params = new URLSearchParams();
  if (form.q.trim() !== '') params.append('q', form.q.trim());
  if (form.state) params.append('state', form.state);
  if (form.route) params.append('route', form.route);
  if (form.assigned) params.append('assigned', form.assigned);
  for (const value of form.show) params.append('show', value);
  if (cursor?.after) params.append('after', cursor.after);
  if (cursor?.before) params.append('before', cursor.before);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The assign buttons and links for one case, as views/staff/case.njk and cases.njk show them. */
export interface AssignmentView {
  assignedTo: string | null;
  assigneeName: string | null;
  mine: boolean;
  assignToMe: boolean;
  assignToOthers: boolean;
  unassign: boolean;
  /** POST "Assign to me" (or "Unassign") here; GET it for "Assign to…". */
  action: string;
  /** Where to come back to afterwards. */
  returnTo: string;
}

function assignmentView(
  staffUrl: string,
  staff: StaffUser,
  item: { reference: string; assignedTo: string | null; assigneeName: string | null },
  returnTo: string,
): AssignmentView {
  return {
    assignedTo: item.assignedTo,
    assigneeName: item.assigneeName,
    mine: item.assignedTo === staff.id,
    ...assignmentChoices(staff, item.assignedTo),
    action: `${staffUrl}/cases/${encodeURIComponent(item.reference)}/assign`,
    returnTo,
  };
}

/** For the case page (app/routes/staff.ts): who has the case, and the assign buttons this officer gets. */
export async function caseAssignment(
  db: Knex,
  options: { mountPath: string; staff: StaffUser; row: WorkflowRow },
): Promise<AssignmentView> {
  const { row, staff } = options;
  const assignedTo = (row.assigned_to as string | null | undefined) ?? null;
  const assignee = assignedTo
    ? ((await db('staff_users').where({ id: assignedTo }).first('name')) as { name: string } | undefined)
    : undefined;
  const staffUrl = `${options.mountPath}/staff`;
  const reference = String(row.reference);
  return assignmentView(
    staffUrl,
    staff,
    { reference, assignedTo, assigneeName: assignee?.name ?? null },
    `${staffUrl}/cases/${encodeURIComponent(reference)}`,
  );
}

/**
 * The work queue (`GET /cases`) and case assignment (`/cases/:reference/assign`), mounted by
 * app/routes/staff.ts behind sign-in and `case:view`. The query lives in app/services/queue.ts, the
 * assignment rules in app/services/assignment.ts.
 */
export function staffQueueRoutes(options: { db: Knex; store: WorkflowStore; mountPath: string }) {
  const { db, store, mountPath } = options;
  const router = express.Router();
  const staffUrl = `${mountPath}/staff`;
  const queueUrl = `${staffUrl}/cases`;

  router.get('/cases', async (req, res) => {
    const staff = currentStaff(res);
    const query = readQueueQuery(req.query as Record<string, unknown>, (form) => {
      return `${queueUrl}${queueQueryString(form)}`;
    });
    const { form } = query;
    const targetWeeks = targetWeeksOf(res);
    const now = store.now();
    const overdueBefore = new Date(Date.parse(now) - targetWeeks * WEEK_MS).toISOString();
    const view = {
      staff,
      form,
      targetWeeks,
      stateOptions: [
        { value: '', text: 'Any status' },
        ...STATE_FILTERS.map((s) => ({ value: s.value, text: s.label })),
      ],
      routeOptions: [
        { value: '', text: 'Any route' },
        ...ROUTE_FILTERS.map((r) => ({ value: r.value, text: r.label })),
      ],
      assignedOptions: ASSIGNED_OPTIONS,
      showOptions: SHOW_OPTIONS,
      searchMaxLength: SEARCH_MAX_LENGTH,
      filtered: queueQueryString(form) !== '',
      clearHref: queueUrl,
    };
    if (query.errors.length > 0) {
      return res.status(400).render('staff/cases.njk', {
        ...view,
        fieldErrors: Object.fromEntries(query.errors.map((error) => [error.field, { text: error.text }])),
        errorList: errorSummaryItems(query.errors),
        invalid: true,
        cases: [],
      });
    }

    const filters: QueueFilters = {
      councilId: staff.councilId,
      states: query.states,
      eligibilityCode: form.route || undefined,
      fastTrackOnly: form.show.includes('fast-track'),
      assignedTo: form.assigned === 'me' ? staff.id : form.assigned === 'none' ? null : undefined,
      submittedBefore: form.show.includes('overdue') ? overdueBefore : undefined,
      search: query.search,
    };
    const page = await findQueuePage(db, filters, query.position);
    // This page again (after "Assign to me"), rebuilt from what was checked rather than taken from the URL.
    const here = `${queueUrl}${queueQueryString(form, {
      after: query.position.after && encodeCursor(query.position.after),
      before: query.position.before && encodeCursor(query.position.before),
    })}`;
    res.render('staff/cases.njk', {
      ...view,
      fieldErrors: {},
      cases: page.items.map((item: QueueItem) => ({
        ...item,
        url: `${queueUrl}/${encodeURIComponent(item.reference)}`,
        dueDate: new Date(Date.parse(item.submittedAt) + targetWeeks * WEEK_MS).toISOString().slice(0, 10),
        overdue: OPEN_STATES.includes(item.state) && item.submittedAt < overdueBefore,
        assignment: assignmentView(staffUrl, staff, item, here),
      })),
      previousHref: page.previous
        ? `${queueUrl}${queueQueryString(form, { before: encodeCursor(page.previous) })}`
        : undefined,
      nextHref: page.next
        ? `${queueUrl}${queueQueryString(form, { after: encodeCursor(page.next) })}`
        : undefined,
    });
  });

  async function caseFor(reference: string, councilId: string) {
    return (await db('cases')
      .where({ reference, council_id: councilId })
      .first('id', 'reference', 'assigned_to')) as
      { id: string; reference: string; assigned_to: string | null } | undefined;
  }

  /** A path back into the queue or a case, never anywhere else (no open redirect). */
  function safeReturn(value: unknown, fallback: string): string {
    if (typeof value !== 'string' || value.length > 2000) return fallback;
    if (!(value === queueUrl || value.startsWith(`${queueUrl}/`) || value.startsWith(`${queueUrl}?`))) {
      return fallback;
    }
    // No backslashes, spaces, `//`, dot segments, or encoded dots and slashes (browsers decode %2e%2e to ..).
    return /[\\\s]|\/\/|\/\.\.?(\/|$)|%2e|%2f|%5c/i.test(value) ? fallback : value;
  }

  async function renderAssignPage(
    res: express.Response,
    found: { id: string; reference: string; assigned_to: string | null },
    returnTo: string,
    errors: FieldError[] = [],
  ) {
    const staff = currentStaff(res);
    const colleagues = await assignableStaff(db, staff.councilId);
    const current = colleagues.find((colleague) => colleague.id === found.assigned_to);
    const caseUrl = `${queueUrl}/${encodeURIComponent(found.reference)}`;
    res.status(errors.length > 0 ? 400 : 200).render('staff/assign.njk', {
      reference: found.reference,
      caseUrl,
      returnTo,
      from: found.assigned_to ?? '',
      currentName: current?.name ?? null,
      colleagues: [
        { value: '', text: 'Select a colleague' },
        ...colleagues.map((colleague) => ({
          value: colleague.id,
          text: colleague.id === staff.id ? `${colleague.name} (you)` : colleague.name,
          selected: colleague.id === found.assigned_to,
        })),
      ],
      errors,
      errorList: errorSummaryItems(errors),
    });
  }

  // "Assign to…": choose a colleague (team managers and administrators).
  router.get('/cases/:reference/assign', async (req, res) => {
    const staff = currentStaff(res);
    if (!hasPermission(staff.role, 'case:assign')) return res.status(403).render('errors/403.njk');
    const found = await caseFor(req.params.reference, staff.councilId);
    if (!found) return res.status(404).render('errors/404.njk');
    const caseUrl = `${queueUrl}/${encodeURIComponent(found.reference)}`;
    await renderAssignPage(res, found, safeReturn(req.query.returnTo, caseUrl));
  });

  // "Assign to me" (assignee=me) or to the colleague chosen on the page above.
  router.post('/cases/:reference/assign', async (req, res) => {
    const staff = currentStaff(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const requested = typeof body.assignee === 'string' ? body.assignee : '';
    // "me", "none" (unassign) or a colleague's id.
    const assigneeId = requested === 'me' ? staff.id : requested === 'none' ? null : requested;
    // Taking a case, or giving back your own, needs case:assess (or case:assign); anything else case:assign.
    const needs: Permission[] =
      assigneeId === staff.id || (assigneeId === null && body.from === staff.id)
        ? ['case:assess', 'case:assign']
        : ['case:assign'];
    if (!needs.some((permission) => hasPermission(staff.role, permission))) {
      return res.status(403).render('errors/403.njk');
    }
    const found = await caseFor(req.params.reference, staff.councilId);
    if (!found) return res.status(404).render('errors/404.njk');
    const caseUrl = `${queueUrl}/${encodeURIComponent(found.reference)}`;
    const returnTo = safeReturn(body.returnTo, caseUrl);
    const refused = (message: string) =>
      res.status(409).render('staff/event-refused.njk', { message, caseUrl });
    if (typeof body.from !== 'string') {
      return refused('This case could not be assigned. Check the case and try again.');
    }
    if (assigneeId === '' || (assigneeId !== null && assigneeId.length > 36)) {
      return renderAssignPage(res, found, returnTo, [
        { field: 'assignee', href: '#assignee', text: 'Select who to assign the case to' },
      ]);
    }
    const result = await assignCase(db, {
      caseId: found.id,
      councilId: staff.councilId,
      assigneeId,
      by: staff,
      expectedAssignee: body.from === '' ? null : body.from,
      now: store.now(),
    });
    if (result.ok) return res.redirect(303, returnTo);
    if (result.reason === 'forbidden') return res.status(403).render('errors/403.njk');
    if (result.reason === 'not-found') return res.status(404).render('errors/404.njk');
    if (result.reason === 'not-assignable') {
      return renderAssignPage(res, found, returnTo, [
        { field: 'assignee', href: '#assignee', text: 'Select a colleague from the list' },
      ]);
    }
    return refused(
      'Someone else assigned this case while you were looking at it. Check who has it now and try again.',
    );
  });

  return router;
}
