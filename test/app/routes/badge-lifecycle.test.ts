import type { KitApp } from '../../../app/app';
import { WorkflowStore } from '../../../app/engine/workflow-store';
import { WORKFLOW_TIMER_JOB } from '../../../app/engine/timers';
import { createEffects } from '../../../app/services/effects';
import { inYears, PERSONAS } from '../../../workflows/application/personas';
import { CANCEL_REASONS } from '../../../workflows/badge/machine';
import { caseMachineV1 } from '../../../workflows/case/versions/v1';
import { badgeMachineV1 } from '../../../workflows/badge/versions/v1';
import { WORKFLOWS, type WorkflowRegistry } from '../../../workflows/registry';
import { addDays, todayInUk } from '../../../workflows/rules/dates';
import { countRows } from '../../helpers/database';
import { approveForm, dateBoxes, readyForDecision } from '../../helpers/forms';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

const DAY = 24 * 60 * 60 * 1000;

/**
 * A badge's life after it is ordered (workflows/badge/machine.ts, version 2): an officer cancels it with a
 * national cancel reason, a replacement ordered for it ends it as replaced, and it expires by a timer the
 * day after its expiry date. Staff event forms take their permission from the instance's own version.
 */
describe('the badge after it is ordered', () => {
  let app: KitApp;
  let offsetDays = 0;
  let decider: Browser;
  let assessor: Browser;
  beforeEach(async () => {
    offsetDays = 0;
    app = await buildTestApp({ runJobs: false, clock: () => new Date(Date.now() + offsetDays * DAY) });
    decider = new Browser(app);
    await decider.signIn('', (await addStaff(app, 'decision-maker', 'dm@test.gov.uk')).email);
    assessor = new Browser(app);
    await assessor.signIn('', (await addStaff(app, 'assessor', 'as@test.gov.uk')).email);
  });
  afterEach(() => app.kit.close());

  /** A PIP case approved through the pages, with a badge to `expiry`; returns its reference and badge row. */
  async function approved(expiry = inYears(2)) {
    const reference = await sendApplication(new Browser(app), PERSONAS[0]);
    await readyForDecision(decider, reference);
    const res = await decider.submit(`/staff/cases/${reference}/approve`, approveForm(expiry));
    expect(res.status).toBe(303);
    const caseRow = await app.kit.db('cases').where({ reference }).first('id');
    return { reference, badge: await badgeOf(caseRow.id) };
  }
  const badgeOf = async (caseId: string) => app.kit.db('badges').where({ case_id: caseId }).first();

  /** A badge expiring 30 days on: still in force on that day, expired (once, audited) the day after. */
  async function expectExpiryTheDayAfter(caseId: string, badgeId: string) {
    offsetDays = 30; // the expiry date itself: still in force
    await app.kit.jobs.runDueJobs();
    expect((await badgeOf(caseId)).state).toBe('issued');
    offsetDays = 31.5;
    await app.kit.jobs.runDueJobs();
    const expired = await badgeOf(caseId);
    expect(expired.state).toBe('expired');
    expect(expired.closed_at).not.toBeNull();
    expect(await countRows(app.kit.db, 'audit_events', { entity_id: badgeId, to_state: 'expired' })).toBe(1);
    return expired;
  }

  it('cancels an issued badge with a national reason: a final state, audited, and erasure no longer waits for it', async () => {
    const { reference, badge } = await approved();
    const caseUrl = `/staff/cases/${reference}`;
    expect((await decider.get(caseUrl)).text).toContain(`href="${caseUrl}/badge/cancel"`);
    expect((await decider.submit(`${caseUrl}/badge/issue`)).status).toBe(303);

    // Assessors lack badge:manage: neither the form nor the post.
    expect((await assessor.get(`${caseUrl}/badge/cancel`)).status).toBe(403);
    expect((await assessor.submit(`${caseUrl}/badge/cancel`, { reason: 'LOST' })).status).toBe(403);

    const form = await decider.get(`${caseUrl}/badge/cancel`);
    expect(form.status).toBe(200);
    for (const code of CANCEL_REASONS) expect(form.text).toContain(`value="${code}"`);
    expect(form.text).toContain('The holder has died');
    const blank = await decider.submit(`${caseUrl}/badge/cancel`, {});
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('govuk-error-summary');
    expect(blank.text).toContain('Select why the badge is being cancelled');
    const made = await decider.submit(`${caseUrl}/badge/cancel`, { reason: 'MADE_UP' });
    expect(made.status).toBe(400);
    expect((await badgeOf(badge.case_id)).state).toBe('issued');

    expect((await decider.submit(`${caseUrl}/badge/cancel`, { reason: 'DECEASE' })).status).toBe(303);
    const cancelled = await badgeOf(badge.case_id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.closed_at).not.toBeNull();
    expect(JSON.parse(cancelled.snapshot).context.cancellation).toMatchObject({
      reason: 'DECEASE',
      on: todayInUk(),
      by: { name: 'Test decision-maker' },
    });
    const audit = await app.kit.db('audit_events').where({ entity_id: badge.id, event: 'CANCEL' }).first();
    expect(audit).toMatchObject({ from_state: 'issued', to_state: 'cancelled', actor_type: 'staff' });
    // The expiry timer armed on issue is taken back; nothing more can be done to the badge.
    const pending = await app.kit
      .db('scheduled_jobs')
      .where({ kind: WORKFLOW_TIMER_JOB })
      .whereLike('unique_key', `timer:badge:${badge.id}:%`)
      .whereNull('done_at');
    expect(pending).toHaveLength(0);
    const page = await decider.get(caseUrl);
    expect(page.text).toContain('Cancelled');
    expect(page.text).not.toContain(`href="${caseUrl}/badge/cancel"`);
    expect((await decider.submit(`${caseUrl}/badge/replace`, { reason: 'LOST' })).status).toBe(409);
    // A cancelled badge no longer holds erasure back (app/data-protection/erasure.ts reads closed_at).
    await addStaff(app, 'team-manager', 'tm@test.gov.uk');
    const manager = new Browser(app);
    await manager.signIn('', 'tm@test.gov.uk');
    expect((await manager.get(`${caseUrl}/erase`)).text).not.toContain('has not expired');
  });

  it('cancels an ordered badge too, but replaces only an issued one', async () => {
    const { reference, badge } = await approved();
    const caseUrl = `/staff/cases/${reference}`;
    expect((await decider.get(caseUrl)).text).not.toContain(`href="${caseUrl}/badge/replace"`);
    expect((await decider.submit(`${caseUrl}/badge/replace`, { reason: 'LOST' })).status).toBe(409);
    expect((await decider.submit(`${caseUrl}/badge/cancel`, { reason: 'UNDELIVER' })).status).toBe(303);
    expect(await badgeOf(badge.case_id)).toMatchObject({ state: 'cancelled' });
  });

  it('expires by its timer on the day after its expiry date, even after a restart of the jobs', async () => {
    const expiry = addDays(todayInUk(), 30);
    const { reference, badge } = await approved(expiry);
    await decider.submit(`/staff/cases/${reference}/badge/issue`);
    const timers = (await app.kit
      .db('scheduled_jobs')
      .where({ kind: WORKFLOW_TIMER_JOB })
      .whereLike('unique_key', `timer:badge:${badge.id}:%`)
      .whereNull('done_at')) as Array<{ due_at: string }>;
    expect(timers).toHaveLength(1);
    expect(timers[0].due_at.slice(0, 10)).toBe(addDays(expiry, 1));

    await expectExpiryTheDayAfter(badge.case_id, badge.id);
  });

  it('ends the badge a replacement is ordered for as replaced, with the replacement’s reason', async () => {
    const { reference, badge } = await approved();
    await decider.submit(`/staff/cases/${reference}/badge/issue`);
    const resident = new Browser(app);
    await resident.submit('/replace/start', {}, { fromPage: '/replace' });
    await resident.submit('/replace/badge-number', { badgeNumber: badge.badge_number });
    await resident.submit('/replace/what-happened', { reason: 'DAMAGED' });
    await resident.submit('/replace/expiry-date', dateBoxes('expiryDate', badge.expiry_date));
    await resident.submit('/replace/name', { fullName: 'Margaret Jones' });
    await resident.submit('/replace/date-of-birth', dateBoxes('dateOfBirth', '1948-05-17'));
    await resident.submit('/replace/address', {
      addressLine1: '12 High Street',
      town: 'Demo Town',
      postcode: 'SW1A 1AA',
    });
    await resident.submit('/replace/contact-details', { phone: '01632 960 001' });
    await resident.submit('/replace/check-your-answers');
    await resident.submit('/replace/declaration', { confirm: 'yes' });
    const sent = await resident.get('/replace/request-sent');
    const replacement = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(sent.text)![0];
    await readyForDecision(decider, replacement);
    const res = await decider.submit(`/staff/cases/${replacement}/approve`, {
      ...dateBoxes('startDate', todayInUk()),
      ...dateBoxes('expiryDate', badge.expiry_date),
    });
    expect(res.status).toBe(303);
    const old = await app.kit.db('badges').where({ id: badge.id }).first();
    expect(old.state).toBe('replaced');
    expect(JSON.parse(old.snapshot).context.replacement).toMatchObject({ reason: 'DAMAGED' });
    const newBadge = await app.kit.db('badges').whereNot({ id: badge.id }).first();
    expect(newBadge).toMatchObject({ state: 'ordered', expiry_date: badge.expiry_date });
    expect(newBadge.badge_number).not.toBe(badge.badge_number);
  });

  it('arms the expiry timer of a badge issued on version 1 when it moves onto version 2, and it expires', async () => {
    // A badge ordered and issued on version 1 (which recorded neither day), started long before today.
    const atV1: WorkflowRegistry = {
      ...WORKFLOWS,
      badge: { ...WORKFLOWS.badge, version: 1, machine: badgeMachineV1 },
    };
    const oldKit = new WorkflowStore(app.kit.db, createEffects({}), () => new Date(), atV1);
    const reference = await sendApplication(new Browser(app), PERSONAS[0]);
    const caseRow = await app.kit.db('cases').where({ reference }).first('id');
    const startDate = addDays(todayInUk(), -400);
    const expiryDate = addDays(todayInUk(), 30);
    const staffUser = await app.kit.db('staff_users').where({ role: 'decision-maker' }).first();
    const actor = { type: 'staff', id: staffUser.id, name: staffUser.name, role: 'decision-maker' } as const;
    // Six characters, as the national format (and PostgreSQL's varchar(6)) has it.
    const badgeNumber = 'V1ISSU';
    const v1Badge = await oldKit.create('badge', {
      input: {
        badgeNumber,
        caseReference: reference,
        eligibilityCode: 'PIP',
        startDate,
        expiryDate,
      },
      columns: {
        badge_number: badgeNumber,
        case_id: caseRow.id,
        council_id: app.kit.councilId,
        eligibility_code: 'PIP',
        start_date: startDate,
        expiry_date: expiryDate,
      },
      actor,
    });
    expect(
      await oldKit.send('badge', v1Badge.id, { type: 'ISSUE', today: todayInUk() }, actor),
    ).toMatchObject({
      ok: true,
    });
    const timersOf = async () =>
      (await app.kit
        .db('scheduled_jobs')
        .where({ kind: WORKFLOW_TIMER_JOB })
        .whereLike('unique_key', `timer:badge:${v1Badge.id}:%`)
        .whereNull('done_at')) as Array<{ due_at: string }>;
    expect(await timersOf()).toHaveLength(0);

    expect(await app.kit.store.migrate('badge', v1Badge.id, 2, actor, { dryRun: true })).toMatchObject({
      ok: true,
    });
    expect(await timersOf()).toHaveLength(0);
    const moved = await app.kit.store.migrate('badge', v1Badge.id, 2, actor);
    expect(moved).toMatchObject({ ok: true, fromState: 'issued', toState: 'issued' });
    // Armed with the move, for the day after the expiry date (not counted from the start date).
    const timers = await timersOf();
    expect(timers).toHaveLength(1);
    expect(timers[0]!.due_at.slice(0, 10)).toBe(addDays(expiryDate, 1));

    const expired = await expectExpiryTheDayAfter(caseRow.id, v1Badge.id);
    expect(expired.workflow_version).toBe(2);
  });

  it('takes a staff form’s permission from the machine of the instance’s own version', async () => {
    // A case and its badge made on version 1 of both workflows, as a kit before version 2 made them.
    const atV1: WorkflowRegistry = {
      ...WORKFLOWS,
      case: { ...WORKFLOWS.case, version: 1, machine: caseMachineV1 },
      badge: { ...WORKFLOWS.badge, version: 1, machine: badgeMachineV1 },
    };
    const oldKit = new WorkflowStore(app.kit.db, createEffects({}), () => new Date(), atV1);
    const reference = await sendApplication(new Browser(app), PERSONAS[0]);
    const caseRow = await app.kit.db('cases').where({ reference }).first('id');
    const today = todayInUk();
    const staffUser = await app.kit.db('staff_users').where({ role: 'decision-maker' }).first();
    const actor = { type: 'staff', id: staffUser.id, name: staffUser.name, role: 'decision-maker' } as const;
    // Version 1's case: the row is set back to version 1's start, then approved on version 1's machine.
    await app.kit
      .db('cases')
      .where({ id: caseRow.id })
      .update({
        workflow_version: 1,
        state: 'submitted',
        snapshot: JSON.stringify({
          ...JSON.parse((await app.kit.db('cases').where({ id: caseRow.id }).first('snapshot')).snapshot),
          value: 'submitted',
        }),
      });
    const v1Case = `/staff/cases/${reference}`;
    // WITHDRAW is a staff event of case version 2 only: no form for a version 1 case.
    expect((await decider.get(`${v1Case}/withdraw`)).status).toBe(404);
    expect((await decider.submit(`${v1Case}/withdraw`, {}, { fromPage: v1Case })).status).toBe(404);
    const approvedV1 = await oldKit.send(
      'case',
      caseRow.id,
      [
        { type: 'START_ASSESSMENT', today },
        { type: 'APPROVE', startDate: today, expiryDate: inYears(2), today },
      ],
      actor,
    );
    expect(approvedV1).toMatchObject({ ok: true });
    const v1Badge = await badgeOf(caseRow.id);
    expect(v1Badge.workflow_version).toBe(1);
    // CANCEL and REPLACE are version 2's: a version 1 badge has no such form; ISSUE it has.
    expect((await decider.get(`${v1Case}/badge/cancel`)).status).toBe(404);
    expect(
      (await decider.submit(`${v1Case}/badge/cancel`, { reason: 'LOST' }, { fromPage: v1Case })).status,
    ).toBe(404);
    expect((await decider.get(`${v1Case}/badge/issue`)).status).toBe(200);
    expect((await assessor.get(`${v1Case}/badge/issue`)).status).toBe(403);
    expect((await badgeOf(caseRow.id)).state).toBe('ordered');

    // Moved on to version 2 (npm run kit -- migrate-workflow badge --to 2), the same badge can be cancelled.
    const moved = await app.kit.store.migrate('badge', v1Badge.id, 2, actor);
    expect(moved).toMatchObject({ ok: true, fromState: 'ordered', toState: 'ordered' });
    expect((await decider.get(`${v1Case}/badge/cancel`)).status).toBe(200);
    expect((await decider.submit(`${v1Case}/badge/cancel`, { reason: 'NOLONG' })).status).toBe(303);
    expect((await badgeOf(caseRow.id)).state).toBe('cancelled');
  });
});
