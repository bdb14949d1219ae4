import type { Knex } from 'knex';
import type { EventObject } from 'xstate';
import type { PaymentEvent } from '../../workflows/journey/fee';
import type { WorkflowKind } from '../../workflows/registry';
import type { WorkflowStore } from '../engine/workflow-store';
import type { Payments } from './payments';

/** How long a payment may stay unfinished before the kit asks the provider about it itself. */
export const RECONCILE_AFTER_MS = 15 * 60 * 1000;
const BATCH = 50;

/**
 * Payments nobody came back from (the browser closed on GOV.UK Pay's confirmation page, the session
 * expired): the provider is asked how each went, and its verdict sent to the journey as if the person had
 * come back, so a paid fee always sends the application. Payments still in progress are left alone (the
 * provider expires them). Each send is its own transaction; another instance doing the same is refused by
 * the statechart (the payment is no longer the one in progress), so nothing happens twice.
 */
export async function reconcilePayments(options: {
  db: Knex;
  store: WorkflowStore;
  payments: Payments;
  now: Date;
  logError: (error: unknown) => void;
}): Promise<number> {
  const { db, store, payments } = options;
  const cutoff = new Date(options.now.getTime() - RECONCILE_AFTER_MS).toISOString();
  const stale = (await db('payments')
    .join('applications', 'applications.id', 'payments.application_id')
    .where({
      'payments.status': 'created',
      'payments.provider': payments.provider,
      'applications.state': 'paying',
    })
    .where('payments.created_at', '<', cutoff)
    .orderBy('payments.created_at')
    .limit(BATCH)
    .select(
      'payments.provider_payment_id as paymentId',
      'applications.id as id',
      'applications.workflow_id as workflow',
    )) as Array<{
    paymentId: string;
    id: string;
    workflow: string;
  }>;
  let settled = 0;
  for (const row of stale) {
    try {
      const status = await payments.status(row.paymentId);
      if (status === 'in-progress') continue;
      const event: PaymentEvent =
        status === 'success'
          ? { type: 'PAYMENT_SUCCEEDED', paymentId: row.paymentId, paidAt: store.now() }
          : { type: 'PAYMENT_FAILED', paymentId: row.paymentId, problem: status };
      const sent = await store.send(row.workflow as WorkflowKind, row.id, [event as EventObject], {
        type: 'system',
        name: 'payment check',
      });
      if (sent.ok) settled += 1;
    } catch (error) {
      options.logError(error);
    }
  }
  return settled;
}
