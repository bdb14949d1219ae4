import type { Knex } from 'knex';
import { todayInUk } from '../../workflows/rules/dates';
import { forgetCommenterEmails } from '../data-protection/commenters';
import { deleteSubjectRecords } from '../data-protection/delete-records';
import { dateMonthsBefore, monthsBefore } from '../data-protection/periods';
import { subjectOfCases } from '../data-protection/registry';
import { DAY_MS, HOUR_MS, type RecurringJob } from './recurring';

/** The council's retention policy (council.json `retention`, docs/data-protection.md). */
export interface RetentionPolicy {
  /** Applications and replacement requests started but never sent are deleted this many days after their last change. */
  abandonedDraftDays: number;
  /** Cases that ended without a badge (refused, withdrawn…) are deleted this many months after they ended. */
  closedWithoutBadgeMonths: number;
  /** A case with badges is deleted this many months after the last of them expired. */
  expiredBadgeMonths: number;
  /** A member of the public's email address on a comment is removed this many days after its thread was settled (or it was hidden). */
  commenterEmailDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  abandonedDraftDays: 28,
  closedWithoutBadgeMonths: 12,
  expiredBadgeMonths: 12,
  commenterEmailDays: 90,
};

/**
 * Deleted a batch at a time, so each query stays small (the `contains` links match every id); the run
 * goes on until none are left.
 */
const BATCH = 100;

/** One anonymised count: the kind of record, where it ended up, its route and month; never who. */
interface Figure {
  workflow_id: string;
  state: string;
  eligibility_code: string | null;
  closed_month: string | null;
}

/**
 * The daily retention job (02:00 UTC). Each kind of record past its period is deleted with everything the
 * personal data registry links to it (app/data-protection/registry.ts: answers, evidence and its files,
 * audit rows and notes, case views, emails, sessions), and only anonymised counts are kept in
 * `retention_figures`; public commenters' email addresses are forgotten (app/data-protection/commenters.ts).
 * Which records have ended is read from generic facts, never state names: `closed_at`
 * (set by the workflow store when an instance ends), whether a case has a badge, and badges' expiry dates.
 */
export function retentionJob(policy: RetentionPolicy): RecurringJob {
  return {
    kind: 'kit:retention',
    everyMs: DAY_MS,
    offsetMs: 2 * HOUR_MS,
    run: async (trx, now) => {
      await deleteAbandonedDrafts(trx, policy, now);
      await deleteClosedWithoutBadge(trx, policy, now);
      await deleteExpiredBadges(trx, policy, now);
      await forgetCommenterEmails(trx, policy.commenterEmailDays, now);
    },
  };
}

export async function deleteAbandonedDrafts(
  trx: Knex.Transaction,
  policy: Pick<RetentionPolicy, 'abandonedDraftDays'>,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - policy.abandonedDraftDays * DAY_MS).toISOString();
  return deleteInBatches(trx, now, 'abandoned-draft', async () => {
    const drafts = (await trx('applications')
      .whereNull('submitted_at')
      .where('updated_at', '<', cutoff)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'workflow_id', 'state')) as Array<{ id: string; workflow_id: string; state: string }>;
    return {
      caseIds: [],
      applicationIds: drafts.map((draft) => draft.id),
      figures: drafts.map((draft) => ({ ...draft, eligibility_code: null, closed_month: null })),
    };
  });
}

/** Cases that ended (`closed_at`) more than the period ago and have no badge: refused, withdrawn and the like. */
export async function deleteClosedWithoutBadge(
  trx: Knex.Transaction,
  policy: Pick<RetentionPolicy, 'closedWithoutBadgeMonths'>,
  now: Date,
): Promise<number> {
  const cutoff = monthsBefore(now, policy.closedWithoutBadgeMonths).toISOString();
  return deleteInBatches(trx, now, 'closed-without-badge', async () => {
    const cases = (await trx('cases as c')
      .whereNotNull('c.closed_at')
      .where('c.closed_at', '<', cutoff)
      .whereNotExists((badge) => badge.select(trx.raw('1')).from('badges as b').whereRaw('b.case_id = c.id'))
      .orderBy('c.id')
      .limit(BATCH)
      .select('c.id', 'c.workflow_id', 'c.state', 'c.eligibility_code', 'c.closed_at')) as Array<
      Figure & { id: string; closed_at: string }
    >;
    return {
      caseIds: cases.map((row) => row.id),
      applicationIds: [],
      figures: cases.map((row) => ({ ...row, closed_month: row.closed_at.slice(0, 7) })),
    };
  });
}

/**
 * Cases whose badges have all expired more than the period ago: the badges, the case and its application
 * go together. (A badge cancelled early keeps its expiry date, so it is kept as long as one that ran out.)
 */
export async function deleteExpiredBadges(
  trx: Knex.Transaction,
  policy: Pick<RetentionPolicy, 'expiredBadgeMonths'>,
  now: Date,
): Promise<number> {
  const cutoff = dateMonthsBefore(todayInUk(now), policy.expiredBadgeMonths);
  return deleteInBatches(trx, now, 'expired-badge', async () => {
    const badges = (await trx('badges as b')
      .groupBy('b.case_id')
      .havingRaw('max(b.expiry_date) < ?', [cutoff])
      .orderBy('b.case_id')
      .limit(BATCH)
      .select(
        'b.case_id',
        trx.raw('max(b.expiry_date) as expiry_date'),
        trx.raw('max(b.eligibility_code) as eligibility_code'),
      )) as Array<{
      case_id: string;
      expiry_date: string;
      eligibility_code: string;
    }>;
    return {
      caseIds: badges.map((row) => row.case_id),
      applicationIds: [],
      figures: badges.map((row) => ({
        workflow_id: 'badge',
        state: 'expired',
        eligibility_code: row.eligibility_code,
        closed_month: row.expiry_date.slice(0, 7),
      })),
    };
  });
}

/** Finds a batch, deletes it through the registry and counts it, until a batch comes back empty. */
async function deleteInBatches(
  trx: Knex.Transaction,
  now: Date,
  recordType: string,
  nextBatch: () => Promise<{ caseIds: string[]; applicationIds: string[]; figures: Figure[] }>,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await nextBatch();
    if (batch.figures.length === 0) return deleted;
    const subject = await subjectOfCases(trx, batch.caseIds, batch.applicationIds);
    await deleteSubjectRecords(trx, subject, now);
    await recordFigures(trx, now, recordType, batch.figures);
    deleted += batch.figures.length;
  }
}

/** Adds anonymised counts to `retention_figures`, one row per distinct (workflow, state, route, month). */
export async function recordFigures(
  trx: Knex.Transaction,
  now: Date,
  recordType: string,
  figures: Figure[],
): Promise<void> {
  const counts = new Map<string, Figure & { deleted: number }>();
  for (const figure of figures) {
    const entry: Figure = {
      workflow_id: figure.workflow_id,
      state: figure.state,
      eligibility_code: figure.eligibility_code ?? null,
      closed_month: figure.closed_month ?? null,
    };
    const key = JSON.stringify(entry);
    const counted = counts.get(key) ?? { ...entry, deleted: 0 };
    counted.deleted++;
    counts.set(key, counted);
  }
  await trx('retention_figures').insert(
    [...counts.values()].map((entry) => ({ run_at: now.toISOString(), record_type: recordType, ...entry })),
  );
}
