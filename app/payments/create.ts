import type { CouncilSettings } from '../council-settings';
import { govukPay } from './govuk-pay';
import { payLater, type Payments } from './payments';

/** What stops online payment starting: named, for the start-up message. */
export function paymentProblems(settings: CouncilSettings, apiKey: string | undefined): string[] {
  return settings.fee.onlinePayment && !apiKey
    ? ['PAY_API_KEY must be set when fee.onlinePayment is true (the council’s GOV.UK Pay API key)']
    : [];
}

/** GOV.UK Pay when the council takes the fee online, else "pay later or pay the council directly". */
export function createPayments(options: {
  settings: CouncilSettings;
  apiKey?: string;
  baseUrl?: string;
}): Payments {
  return options.settings.fee.onlinePayment && options.apiKey
    ? govukPay({ apiKey: options.apiKey, baseUrl: options.baseUrl })
    : payLater;
}
