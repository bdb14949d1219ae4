import type { Knex } from 'knex';
import type { ArmTimerParams, DisarmTimerParams } from '../../workflows/engine/xstate-adapter';
import type { WorkflowKind } from '../../workflows/registry';
import type { JobHandler } from '../jobs/runner';
import { cancelJob, JOBS_TABLE, scheduleJob } from '../jobs/schedule';
import type { WorkflowStore } from './workflow-store';

/**
 * A statechart's delayed transitions (`after`) as scheduled jobs, so they survive restarts and fire on
 * one instance only: armed and disarmed in the transition's own transaction, and sent back through the
 * workflow store as the system when due.
 */
export const WORKFLOW_TIMER_JOB = 'workflow-timer';

interface TimerPayload {
  kind: WorkflowKind;
  instanceId: string;
  event: { type: string };
}

/** One key per instance and timer; the revision that armed it keeps a timer armed again distinct. */
const timerPrefix = (kind: WorkflowKind, instanceId: string, timerId: string) =>
  `timer:${kind}:${instanceId}:${timerId}:`;

export async function armTimer(
  trx: Knex.Transaction,
  at: { kind: WorkflowKind; instanceId: string; revision: number; now: string },
  timer: ArmTimerParams,
): Promise<void> {
  const payload: TimerPayload = { kind: at.kind, instanceId: at.instanceId, event: timer.event };
  await scheduleJob(
    trx,
    WORKFLOW_TIMER_JOB,
    new Date(Date.parse(at.now) + timer.delayMs),
    { ...payload },
    {
      uniqueKey: `${timerPrefix(at.kind, at.instanceId, timer.id)}${at.revision}`,
      now: new Date(at.now),
    },
  );
}

/** Takes back the instance's pending timers of this id (its state was left before they fired). */
export async function disarmTimer(
  trx: Knex.Transaction,
  at: { kind: WorkflowKind; instanceId: string; now: string },
  timer: DisarmTimerParams,
): Promise<void> {
  // Ids are UUIDs and statechart ids (letters, digits, dots): no LIKE wildcards to escape.
  const pending = (await trx(JOBS_TABLE)
    .where('unique_key', 'like', `${timerPrefix(at.kind, at.instanceId, timer.id)}%`)
    .whereNull('done_at')
    .select('id')) as Array<{ id: string }>;
  for (const job of pending) await cancelJob(trx, job.id, new Date(at.now));
}

/**
 * Sends a due timer's event back to its instance, in the job's transaction. If the instance has moved
 * on and no longer listens for it (or its guard no longer holds), the timer does nothing.
 */
export function workflowTimerHandler(store: WorkflowStore): JobHandler {
  return async (job, trx) => {
    const payload = job.payload as unknown as TimerPayload;
    await store.send(
      payload.kind,
      payload.instanceId,
      payload.event,
      { type: 'system', name: 'Timer' },
      { trx },
    );
  };
}
