import { applicationMachine } from '../../../workflows/application/machine';
import { PERSONAS, personaEvents } from '../../../workflows/application/personas';
import { applyEvent, startSnapshot } from '../../../workflows/engine/xstate-adapter';
import type { JourneyEvent } from '../../../workflows/journey/events';
import { caseFeeOf, type JourneyFee } from '../../../workflows/journey/fee';
import { currentState } from '../../../workflows/journey/path';
import type { AnyMachineSnapshot } from 'xstate';

/** The fee states of the statechart alone (workflows/journey/fee.ts), without a server. */
const persona = PERSONAS.find((p) => p.nation === 'england' && p.expected !== undefined)!;

function declared(fee?: JourneyFee) {
  let snapshot = startSnapshot(applicationMachine, { nation: 'england', fee }).snapshot;
  for (const event of personaEvents(persona))
    snapshot = applyEvent(applicationMachine, snapshot, event).snapshot;
  return snapshot;
}

function send(snapshot: AnyMachineSnapshot, event: JourneyEvent) {
  return applyEvent(applicationMachine, snapshot, event);
}

const online: JourneyFee = { amountPence: 1000, onlinePayment: true };
const payOnline: JourneyEvent = { type: 'SUBMIT', page: 'fee', answers: { howToPay: 'online' } };
const started: JourneyEvent = {
  type: 'PAYMENT_STARTED',
  provider: 'govuk-pay',
  paymentId: 'p1',
  amountPence: 1000,
};

describe('the fee in the statechart', () => {
  it('sends the application straight after the declaration when no fee is due', () => {
    for (const fee of [undefined, { amountPence: 0, onlinePayment: false }]) {
      const snapshot = declared(fee);
      expect(snapshot.status).toBe('done');
      expect(caseFeeOf(snapshot.context)).toEqual({ amountPence: 0, status: 'not-required' });
    }
  });

  it('stops at the fee when one is due, and sends nothing until it is settled', () => {
    const snapshot = declared(online);
    expect(currentState(snapshot)).toBe('fee');
    const paying = send(snapshot, payOnline);
    expect(currentState(paying.snapshot)).toBe('paying');
    expect(paying.effects).toEqual([]);
    const attempt = send(paying.snapshot, started);
    expect(attempt.effects.map((e) => e.type)).toEqual(['recordPaymentAttempt']);
    const paid = send(attempt.snapshot, {
      type: 'PAYMENT_SUCCEEDED',
      paymentId: 'p1',
      paidAt: '2026-12-04T22:00:00.000Z',
    });
    expect(paid.snapshot.status).toBe('done');
    expect(paid.effects).toEqual([
      { type: 'recordPaymentOutcome', params: { paymentId: 'p1', status: 'success' } },
      expect.objectContaining({ type: 'submitApplication' }),
    ]);
    expect(caseFeeOf(paid.snapshot.context)).toEqual({
      amountPence: 1000,
      status: 'paid',
      paymentReference: 'p1',
      paidAt: '2026-12-04T22:00:00.000Z',
    });
  });

  it('accepts a verdict only about the payment in progress, and one payment at a time', () => {
    const attempt = send(send(declared(online), payOnline).snapshot, started).snapshot;
    expect(send(attempt, { type: 'PAYMENT_SUCCEEDED', paymentId: 'other', paidAt: 'x' }).changed).toBe(false);
    expect(send(attempt, { type: 'PAYMENT_FAILED', paymentId: 'other', problem: 'failed' }).changed).toBe(
      false,
    );
    expect(send(attempt, { ...started, paymentId: 'p2' } as JourneyEvent).changed).toBe(false);
    expect(send(attempt, { type: 'GOTO.checkAnswers' }).changed).toBe(false);
  });

  it('after a failure keeps every answer and offers a retry or paying later', () => {
    const attempt = send(send(declared(online), payOnline).snapshot, started).snapshot;
    const failed = send(attempt, { type: 'PAYMENT_FAILED', paymentId: 'p1', problem: 'cancelled' });
    expect(currentState(failed.snapshot)).toBe('paymentNotCompleted');
    expect(failed.effects).toEqual([
      { type: 'recordPaymentOutcome', params: { paymentId: 'p1', status: 'cancelled' } },
    ]);
    expect(failed.snapshot.context.answers).toEqual(attempt.context.answers);
    const retry = send(failed.snapshot, {
      type: 'SUBMIT',
      page: 'paymentNotCompleted',
      answers: { howToPay: 'online' },
    });
    expect(currentState(retry.snapshot)).toBe('paying');
    const later = send(failed.snapshot, {
      type: 'SUBMIT',
      page: 'paymentNotCompleted',
      answers: { howToPay: 'later' },
    });
    expect(later.snapshot.status).toBe('done');
    expect(caseFeeOf(later.snapshot.context)).toEqual({ amountPence: 1000, status: 'pay-later' });
  });

  it('does not take "pay online" where the council takes no payments online', () => {
    const snapshot = declared({ amountPence: 1000, onlinePayment: false });
    expect(send(snapshot, payOnline).changed).toBe(false);
    const later = send(snapshot, { type: 'CONTINUE' });
    expect(later.snapshot.status).toBe('done');
  });
});
