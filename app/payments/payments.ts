import type { Language } from '../../workflows/forms/fields';

/**
 * Taking the fee (blue-badge-scheme.md §6 [S3, W3]). A council with online payment uses a provider
 * (GOV.UK Pay by default: app/payments/govuk-pay.ts); one without uses `payLater`, and applicants pay
 * later or pay the council directly. A host can pass its own to `createApp({ payments })`.
 */
export interface Payments {
  /** The provider's name, recorded on each payment row (`govuk-pay`). */
  readonly provider: string;
  /** False when there is no online payment: the fee pages then offer only to pay later. */
  readonly online: boolean;
  /** Starts a payment; the person is sent to `nextUrl` and comes back to `returnUrl`. */
  create(request: PaymentRequest): Promise<StartedPayment>;
  /** Asks the provider how a payment stands: the only thing ever trusted about it. */
  status(paymentId: string): Promise<PaymentStatus>;
  /** Stops a payment the person left unfinished, so it cannot be completed later as well as a new one. */
  cancel(paymentId: string): Promise<void>;
}

export interface PaymentRequest {
  amountPence: number;
  /** The application's reference: shown to the person and in the council's payment reports. */
  reference: string;
  description: string;
  /** Where the provider sends the person back: carries no secret and no payment id. */
  returnUrl: string;
  language: Language;
}

export interface StartedPayment {
  paymentId: string;
  nextUrl: string;
}

/** `in-progress`: not finished (the person is paying, or left without finishing). */
export type PaymentStatus = 'in-progress' | 'success' | 'failed' | 'cancelled' | 'error';

/** The provider could not be reached, or answered in a way that means it could not do what was asked. */
export class PaymentProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PaymentProviderError';
  }
}

/** No online payment: the applicant pays later or pays the council directly (the council's own way). */
export const payLater: Payments = {
  provider: 'none',
  online: false,
  create: () => Promise.reject(new PaymentProviderError('This council takes no payments online')),
  status: () => Promise.reject(new PaymentProviderError('This council takes no payments online')),
  cancel: () => Promise.resolve(),
};
