import { randomUUID } from 'node:crypto';
import type { JourneyContext } from '../../workflows/journey/events';
import type { PaymentOutcomeParams } from '../../workflows/journey/fee';
import type { EffectHandler } from '../engine/workflow-store';

/**
 * The payments table's rows, written by the journey's own transitions (workflows/journey/fee.ts): each
 * runs in the transition's transaction, beside its audit row, so a payment is recorded exactly when the
 * journey says it started or ended.
 */
export const paymentEffects: Record<string, EffectHandler> = {
  async recordPaymentAttempt({ trx, row, snapshot, now }) {
    const attempt = (snapshot.context as JourneyContext).paymentAttempt;
    if (!attempt) throw new Error('recordPaymentAttempt needs a payment in progress');
    await trx('payments').insert({
      id: randomUUID(),
      application_id: row.id,
      council_id: row.council_id,
      reference: row.reference,
      provider: attempt.provider,
      provider_payment_id: attempt.paymentId,
      amount_pence: attempt.amountPence,
      status: 'created',
      created_at: now,
      updated_at: now,
    });
  },

  async recordPaymentOutcome({ trx, row, effect, now }) {
    const { paymentId, status } = effect.params as PaymentOutcomeParams;
    // A payment that could not even start has no row.
    if (!paymentId) return;
    await trx('payments')
      .where({ application_id: row.id, provider_payment_id: paymentId })
      .update({ status, updated_at: now, finished_at: now });
  },
};
