import type { CaseFee } from '../case/records';
import type { JourneyContext, JourneyEvent } from './events';
import { questionPage, type JourneyPage } from './pages';

/**
 * Paying the fee (blue-badge-scheme.md §6 [S3, W3]): after the declaration, a journey whose council
 * charges a fee asks how the person will pay. "Pay now" hands over to the payment provider (the app's
 * `payment` handover); success sends the application with the fee paid, failure or cancelling offers to
 * try again or pay later; "pay later" sends it with the fee to be paid to the council directly. The
 * draft and its answers are kept whatever the provider does. With no fee (Wales, or 0) none of it is seen.
 */

/** The fee as the council set it when the journey started (council.json `fee`). */
export interface JourneyFee {
  amountPence: number;
  /** The person may pay online now; otherwise they pay later or pay the council directly. */
  onlinePayment: boolean;
}

/** A payment started with the provider and not yet finished. */
export interface PaymentAttempt {
  provider: string;
  paymentId: string;
  amountPence: number;
}

/** Why a payment did not go through: the provider's verdict, or that it could not be reached. */
export type PaymentProblem = 'failed' | 'cancelled' | 'error' | 'unavailable' | 'incomplete';

/** How the fee was settled when the journey was sent. */
export interface FeeOutcome {
  status: 'paid' | 'pay-later';
  paymentReference?: string;
  paidAt?: string;
}

export interface FeeContext {
  fee?: JourneyFee;
  paymentAttempt?: PaymentAttempt;
  paymentProblem?: PaymentProblem;
  feeOutcome?: FeeOutcome;
}

/** The events the payment handover sends, after asking the provider (never from the browser). */
export type PaymentEvent =
  | { type: 'PAYMENT_STARTED'; provider: string; paymentId: string; amountPence: number }
  | { type: 'PAYMENT_SUCCEEDED'; paymentId: string; paidAt: string }
  | { type: 'PAYMENT_FAILED'; paymentId?: string; problem: PaymentProblem };

/** The fee pages' words are shared by every journey: `journey:<state>.*` (workflows/journey/locales). */
export const FEE_NAMESPACE = 'journey';

/** "Pay now online" or "pay later": the one question of the fee pages. */
const HOW_TO_PAY = {
  kind: 'radios' as const,
  name: 'howToPay',
  options: [{ value: 'online' }, { value: 'later' }],
};

/** The pages of the fee states; `paying` is served by the app's `payment` handover. */
export const feePages = {
  fee: feeQuestion('fee'),
  paying: {
    path: 'payment',
    view: 'journey/paying.njk',
    fields: [],
    namespace: FEE_NAMESPACE,
    handover: 'payment',
  },
  paymentNotCompleted: feeQuestion('payment-not-completed'),
} satisfies Record<string, JourneyPage>;

/** A fee question: asked after the declaration, so never on check your answers. */
function feeQuestion(path: string): JourneyPage {
  const page = questionPage({
    path,
    view: 'journey/fee.njk',
    namespace: FEE_NAMESPACE,
    fields: [HOW_TO_PAY],
  });
  return { ...page, checkAnswers: false };
}

/** Without online payment the fee page asks nothing: its button sends the application to pay later. */
export function adaptFeePage(page: JourneyPage, context: JourneyContext & FeeContext): JourneyPage {
  const isFeePage = page.namespace === FEE_NAMESPACE && page.path === feePages.fee.path;
  if (!isFeePage || context.fee?.onlinePayment) return page;
  return { ...page, fields: [], checkAnswers: false };
}

const answer = (event: JourneyEvent | PaymentEvent) =>
  event.type === 'SUBMIT' ? event.answers.howToPay : undefined;

type Args = { context: JourneyContext & FeeContext; event: JourneyEvent | PaymentEvent };

export const feeGuards = {
  feeDue: ({ context }: Args) => (context.fee?.amountPence ?? 0) > 0,
  choosesOnline: ({ context, event }: Args) =>
    Boolean(context.fee?.onlinePayment) && answer(event) === 'online',
  /** The page's button with nothing to choose (no online payment), or "pay later" chosen. */
  choosesLater: ({ event }: Args) => event.type === 'CONTINUE' || answer(event) === 'later',
  /** Only one payment at a time: a second "pay now" (another tab) cannot start another. */
  noPaymentInProgress: ({ context }: Args) => context.paymentAttempt === undefined,
  /** The provider's verdict is about the payment this journey started, not another one. */
  isCurrentPayment: ({ context, event }: Args) =>
    'paymentId' in event && context.paymentAttempt?.paymentId === event.paymentId,
  /** Starting the payment can fail before there is one (the provider is down). */
  isCurrentOrNoPayment: ({ context, event }: Args) =>
    event.type === 'PAYMENT_FAILED' && event.paymentId === context.paymentAttempt?.paymentId,
};

/** What the fee states record in the journey's context (xstate `assign` updates, by name). */
export const feeUpdates = {
  startPayment: ({ event }: Args): Partial<FeeContext> =>
    event.type === 'PAYMENT_STARTED'
      ? {
          paymentAttempt: {
            provider: event.provider,
            paymentId: event.paymentId,
            amountPence: event.amountPence,
          },
          paymentProblem: undefined,
        }
      : {},
  recordPaid: ({ event }: Args): Partial<FeeContext> =>
    event.type === 'PAYMENT_SUCCEEDED'
      ? { feeOutcome: { status: 'paid', paymentReference: event.paymentId, paidAt: event.paidAt } }
      : {},
  recordPaymentProblem: ({ event }: Args): Partial<FeeContext> =>
    event.type === 'PAYMENT_FAILED' ? { paymentProblem: event.problem, paymentAttempt: undefined } : {},
  recordPayLater: (): Partial<FeeContext> => ({
    feeOutcome: { status: 'pay-later' },
    paymentAttempt: undefined,
  }),
};

/**
 * The fee the case records: paid, to be paid, or none due (blue-badge-scheme.md §6 [S3, W3]). `fee`: what
 * the journey charged, when it is worked out from the answers (an organisation's badges).
 */
export function caseFeeOf(context: FeeContext, fee = context.fee): CaseFee {
  const amountPence = fee?.amountPence ?? 0;
  const outcome = context.feeOutcome;
  if (amountPence === 0 || !outcome) return { amountPence, status: 'not-required' };
  return outcome.status === 'paid'
    ? { amountPence, status: 'paid', paymentReference: outcome.paymentReference, paidAt: outcome.paidAt }
    : { amountPence, status: 'pay-later' };
}

/** Effect: the app records the provider's verdict on the payments row, in the transition's transaction. */
const PAYMENT_OUTCOME = {
  type: 'recordPaymentOutcome' as const,
  params: ({ event }: Args): PaymentOutcomeParams => ({
    paymentId: 'paymentId' in event ? event.paymentId : undefined,
    status:
      event.type === 'PAYMENT_SUCCEEDED'
        ? 'success'
        : event.type === 'PAYMENT_FAILED'
          ? event.problem
          : 'error',
  }),
};

export interface PaymentOutcomeParams {
  paymentId?: string;
  status: 'success' | PaymentProblem;
}

/**
 * The declaration's SUBMIT and the fee states. `send` is the transition's actions that send the journey
 * (prune answers off the path, then the journey's effect).
 */
export function feeStates<Send extends readonly string[]>(send: Send) {
  return {
    fee: {
      meta: { page: feePages.fee },
      description: 'The council charges a fee: the person chooses to pay online now, or to pay later.',
      on: {
        SUBMIT: [
          { guard: 'choosesOnline' as const, target: 'paying' },
          {
            guard: 'choosesLater' as const,
            target: 'submitted',
            actions: ['recordPayLater' as const, ...send],
          },
        ],
        CONTINUE: {
          guard: 'choosesLater' as const,
          target: 'submitted',
          actions: ['recordPayLater' as const, ...send],
        },
      },
    },
    paying: {
      meta: { page: feePages.paying },
      description:
        'Paying online: the app starts a payment with the provider and, when the person comes back, asks the provider how it went.',
      on: {
        // While a payment is in progress the answers cannot change: the fee paid is for the answers sent.
        'GOTO.*': {},
        PAYMENT_STARTED: {
          guard: 'noPaymentInProgress' as const,
          actions: ['startPayment' as const, 'recordPaymentAttempt' as const],
        },
        PAYMENT_SUCCEEDED: {
          guard: 'isCurrentPayment' as const,
          target: 'submitted',
          actions: ['recordPaid' as const, PAYMENT_OUTCOME, ...send],
        },
        PAYMENT_FAILED: {
          guard: 'isCurrentOrNoPayment' as const,
          target: 'paymentNotCompleted',
          actions: [PAYMENT_OUTCOME, 'recordPaymentProblem' as const],
        },
      },
    },
    paymentNotCompleted: {
      meta: { page: feePages.paymentNotCompleted },
      description:
        'The payment failed, was cancelled or could not start: the person tries again or pays later; nothing they answered is lost.',
      on: {
        SUBMIT: [
          { guard: 'choosesOnline' as const, target: 'paying' },
          {
            guard: 'choosesLater' as const,
            target: 'submitted',
            actions: ['recordPayLater' as const, ...send],
          },
        ],
      },
    },
  };
}
