import { PaymentProviderError, type PaymentStatus, type Payments } from './payments';

/** GOV.UK Pay's live API; PAY_BASE_URL points elsewhere (a stand-in in tests). */
export const GOVUK_PAY_URL = 'https://publicapi.payments.service.gov.uk';

/** GOV.UK Pay's failure code when the person pressed "Cancel payment". */
const USER_CANCELLED = 'P0030';

interface PayPayment {
  payment_id: string;
  state: { status: string; finished: boolean; code?: string };
  _links?: { next_url?: { href?: string } };
}

/**
 * GOV.UK Pay's REST API (POST /v1/payments, GET /v1/payments/{id}, POST /v1/payments/{id}/cancel) with
 * the council's API key as a Bearer token. The key comes from PAY_API_KEY, never the settings file.
 * A request that takes longer than `timeoutMs` is abandoned and reported as the provider being down.
 */
export function govukPay(options: { apiKey: string; baseUrl?: string; timeoutMs?: number }): Payments {
  const baseUrl = (options.baseUrl ?? GOVUK_PAY_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new PaymentProviderError(`GOV.UK Pay could not be reached: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      // GOV.UK Pay's own code and description; the request is never logged (it names the applicant's reference).
      const detail = (await response.json().catch(() => ({}))) as { code?: string; description?: string };
      throw new PaymentProviderError(
        `GOV.UK Pay refused ${method} ${path.split('/').slice(0, 3).join('/')} (HTTP ${response.status})` +
          (detail.code ? `: ${detail.code} ${detail.description ?? ''}`.trimEnd() : ''),
      );
    }
    return response;
  }

  return {
    provider: 'govuk-pay',
    online: true,
    async create(request) {
      const response = await call('POST', '/v1/payments', {
        amount: request.amountPence,
        reference: request.reference,
        description: request.description,
        return_url: request.returnUrl,
        language: request.language,
      });
      const payment = (await response.json()) as PayPayment;
      const nextUrl = payment._links?.next_url?.href;
      if (!payment.payment_id || !nextUrl)
        throw new PaymentProviderError('GOV.UK Pay gave no payment id or next_url');
      return { paymentId: payment.payment_id, nextUrl };
    },
    async status(paymentId) {
      const response = await call('GET', `/v1/payments/${encodeURIComponent(paymentId)}`);
      return statusOf((await response.json()) as PayPayment);
    },
    async cancel(paymentId) {
      await call('POST', `/v1/payments/${encodeURIComponent(paymentId)}/cancel`);
    },
  };
}

/** GOV.UK Pay's payment status lifecycle, in the kit's terms. */
function statusOf(payment: PayPayment): PaymentStatus {
  const { status, finished, code } = payment.state ?? {};
  if (!finished) return 'in-progress';
  if (status === 'success') return 'success';
  if (status === 'cancelled' || (status === 'failed' && code === USER_CANCELLED)) return 'cancelled';
  if (status === 'failed') return 'failed';
  return 'error';
}
