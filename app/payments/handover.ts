import type express from 'express';
import type { EventObject } from 'xstate';
import type { Language } from '../../workflows/forms/fields';
import type { PaymentEvent, PaymentProblem } from '../../workflows/journey/fee';
import type { Translator } from '../../workflows/i18n/localise';
import type { HandedOver, Handover } from '../journey/journey-router';
import type { PaymentStatus, Payments } from './payments';

/**
 * The `paying` page of a journey (workflows/journey/fee.ts), served by the app: arriving there from the
 * fee page starts a payment and sends the person to the provider; coming back (the provider's return URL is
 * this page's own address, with nothing in it) asks the provider how the payment went and tells the
 * statechart. The query string is never read: only the provider's answer moves the journey on.
 */
export function paymentHandover(options: {
  payments: Payments;
  logError: (error: unknown, req?: express.Request) => void;
}): Handover {
  const { payments } = options;

  /** Sends the provider's verdict, then shows wherever the statechart went. */
  async function tell(res: express.Response, journey: HandedOver, event: PaymentEvent) {
    const sent = await journey.send([event as EventObject]);
    // Another tab got there first: the page asked for shows where the journey really is.
    res.redirect(303, sent.ok ? journey.urlOf(sent.snapshot) : journey.pageUrl);
  }

  /** The provider could not say how the payment went: nothing changes, and the person can check again. */
  function cannotCheck(res: express.Response, journey: HandedOver) {
    res.status(503).render('journey/paying.njk', { checkAgainUrl: journey.pageUrl });
  }

  return {
    async start(req, res, journey) {
      const amountPence = journey.fee?.amountPence ?? 0;
      const tr = res.locals.translator as Translator;
      let started;
      try {
        started = await payments.create({
          amountPence,
          reference: String(journey.row.reference),
          description: tr.t('journey:paying.description'),
          // The page's own address: the person's session says which application it is.
          returnUrl: `${req.protocol}://${req.get('host')}${journey.pageUrl}`,
          language: res.locals.lang as Language,
        });
      } catch (error) {
        options.logError(error, req);
        return tell(res, journey, { type: 'PAYMENT_FAILED', problem: 'unavailable' });
      }
      const startedEvent: PaymentEvent = {
        type: 'PAYMENT_STARTED',
        provider: payments.provider,
        paymentId: started.paymentId,
        amountPence,
      };
      const sent = await journey.send([startedEvent as EventObject]);
      if (!sent.ok) {
        // A payment was already in progress (another tab): this one is stopped so only one can be paid.
        await payments.cancel(started.paymentId).catch((error: unknown) => options.logError(error, req));
        return res.redirect(303, journey.pageUrl);
      }
      res.redirect(303, started.nextUrl);
    },

    async show(req, res, journey) {
      const attempt = journey.context.paymentAttempt;
      // Starting the payment stopped part-way (the provider answered, the write did not): start again.
      if (!attempt) return tell(res, journey, { type: 'PAYMENT_FAILED', problem: 'unavailable' });
      let status: PaymentStatus;
      try {
        status = await payments.status(attempt.paymentId);
        if (status === 'in-progress') {
          // Back without finishing (the browser's back button): stopped, so it cannot be paid as well as a retry.
          await payments.cancel(attempt.paymentId);
        }
      } catch (error) {
        options.logError(error, req);
        return cannotCheck(res, journey);
      }
      if (status === 'success') {
        return tell(res, journey, {
          type: 'PAYMENT_SUCCEEDED',
          paymentId: attempt.paymentId,
          paidAt: journey.now(),
        });
      }
      const problem: PaymentProblem = status === 'in-progress' ? 'incomplete' : status;
      return tell(res, journey, { type: 'PAYMENT_FAILED', paymentId: attempt.paymentId, problem });
    },
  };
}
