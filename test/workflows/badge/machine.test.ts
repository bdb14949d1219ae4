import { badgeMachine, untilExpired, type BadgeContext } from '../../../workflows/badge/machine';
import { applyEvent, startSnapshot, stateName } from '../../../workflows/engine/xstate-adapter';

const badge: BadgeContext = {
  badgeNumber: 'AB12CD',
  caseReference: 'BB-TEST-0001',
  eligibilityCode: 'PIP',
  startDate: '2026-12-05',
  expiryDate: '2027-12-04',
  orderedOn: '2026-12-05',
};
const DAY = 24 * 60 * 60 * 1000;

/** The badge statechart, version 2 (blue-badge-scheme.md §8 [BBDS-REF, BBDS-BM]). */
describe('the badge statechart', () => {
  const run = (events: Array<Record<string, unknown> & { type: string }>) => {
    let snapshot = startSnapshot(badgeMachine, badge).snapshot;
    const changed: boolean[] = [];
    for (const event of events) {
      const outcome = applyEvent(badgeMachine, snapshot, event);
      changed.push(outcome.changed);
      snapshot = outcome.snapshot;
    }
    return { state: stateName(snapshot.value), status: snapshot.status, changed, context: snapshot.context };
  };
  const issue = { type: 'ISSUE', today: '2026-12-10' };

  it.each(['REVOKE', 'DECEASE', 'NOLONG', 'UNDELIVER', 'LOST', 'STOLE', 'DAMAGED'])(
    'cancels an issued badge for %s, and it is over',
    (reason) => {
      const result = run([issue, { type: 'CANCEL', reason, today: '2027-01-01' }]);
      expect(result).toMatchObject({ state: 'cancelled', status: 'done' });
      expect(result.context.cancellation).toEqual({ reason, on: '2027-01-01' });
    },
  );

  it('refuses a reason the national service does not have, and a badge already past its expiry date', () => {
    expect(run([issue, { type: 'CANCEL', reason: 'BORED', today: '2027-01-01' }]).changed).toEqual([
      true,
      false,
    ]);
    expect(run([{ type: 'CANCEL', reason: 'LOST', today: '2027-12-05' }]).changed).toEqual([false]);
    expect(run([{ type: 'CANCEL', reason: 'LOST', today: '2027-12-04' }]).state).toBe('cancelled');
  });

  it('replaces only an issued badge, for a replace reason', () => {
    expect(run([{ type: 'REPLACE', reason: 'LOST', today: '2027-01-01' }]).changed).toEqual([false]);
    expect(run([issue, { type: 'REPLACE', reason: 'DECEASE', today: '2027-01-01' }]).state).toBe('issued');
    for (const reason of ['STOLE', 'LOST', 'DAMAGED', 'UNDELIVER'])
      expect(run([issue, { type: 'REPLACE', reason, today: '2027-01-01' }]).state).toBe('replaced');
  });

  it('counts the expiry timer from the day it is armed to the day after the expiry date', () => {
    expect(untilExpired(badge)).toBe(365 * DAY);
    expect(untilExpired({ ...badge, issuedOn: '2027-12-04' })).toBe(1 * DAY);
    expect(untilExpired({ ...badge, issuedOn: '2028-01-01' })).toBe(0);
    // Ordered before version 2 (no orderedOn): counted from the start date.
    const { orderedOn: _ignored, ...older } = badge;
    expect(untilExpired({ ...older, startDate: '2027-12-01' })).toBe(4 * DAY);
    // Moved onto version 2 (the migration arms the timer): counted from the day of the move.
    expect(untilExpired({ ...older, startDate: '2025-01-01', migratedOn: '2027-12-01' })).toBe(4 * DAY);
    expect(untilExpired({ ...older, migratedOn: '2027-11-01', issuedOn: '2027-12-01' })).toBe(4 * DAY);
    const expired = applyEvent(badgeMachine, startSnapshot(badgeMachine, badge).snapshot, {
      type: 'xstate.after.badgeExpiry.badge.ordered',
    });
    expect(stateName(expired.snapshot.value)).toBe('expired');
  });
});
