import { govukPay } from '../../../app/payments/govuk-pay';
import { PaymentProviderError, type PaymentRequest } from '../../../app/payments/payments';
import { startPayStandIn, type PayStandIn } from '../../helpers/pay-stand-in';

/** The GOV.UK Pay adapter against a local stand-in for its API, which checks every request it gets. */
describe('the GOV.UK Pay adapter', () => {
  let pay: PayStandIn;
  beforeEach(async () => {
    pay = await startPayStandIn();
  });
  afterEach(() => pay.close());

  const request: PaymentRequest = {
    amountPence: 1000,
    reference: 'BB-AB12-CD34',
    description: 'Blue Badge fee',
    returnUrl: 'https://council.example/apply/payment',
    language: 'cy',
  };
  const adapter = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
    govukPay({ apiKey: options.apiKey ?? pay.apiKey, baseUrl: pay.url, timeoutMs: options.timeoutMs });

  it('creates a payment with the key as a Bearer token and the amount, reference, return URL and language', async () => {
    const started = await adapter().create(request);
    expect(pay.refused).toEqual([]);
    expect(pay.received).toEqual([
      {
        paymentId: started.paymentId,
        authorization: `Bearer ${pay.apiKey}`,
        amount: 1000,
        reference: 'BB-AB12-CD34',
        description: 'Blue Badge fee',
        returnUrl: 'https://council.example/apply/payment',
        language: 'cy',
      },
    ]);
    expect(started.nextUrl).toBe(`${pay.url}/secure/${started.paymentId}`);
  });

  it('reads each outcome from the payment’s state, a cancel by the person included', async () => {
    const payments = adapter();
    const outcomes = [
      ['success', 'success'],
      ['failed', 'failed'],
      ['cancelled-by-user', 'cancelled'],
      ['error', 'error'],
    ] as const;
    for (const [outcome, expected] of outcomes) {
      const { paymentId } = await payments.create(request);
      expect(await payments.status(paymentId)).toBe('in-progress');
      pay.finish(paymentId, outcome);
      expect(await payments.status(paymentId)).toBe(expected);
    }
  });

  it('cancels a payment left unfinished', async () => {
    const payments = adapter();
    const { paymentId } = await payments.create(request);
    await payments.cancel(paymentId);
    expect(pay.cancelled).toEqual([paymentId]);
    expect(await payments.status(paymentId)).toBe('cancelled');
  });

  it('reports a refused key, an amount GOV.UK Pay refuses, an error and a slow answer as the provider failing', async () => {
    await expect(adapter({ apiKey: 'api_test_wrong' }).create(request)).rejects.toThrow(
      /GOV.UK Pay refused POST \/v1\/payments \(HTTP 401\): P0920/,
    );
    await expect(adapter().create({ ...request, amountPence: 0 })).rejects.toThrow(/HTTP 422.*P0102/);
    pay.mode = 'error';
    await expect(adapter().status('abc')).rejects.toThrow(/HTTP 500/);
    pay.mode = 'slow';
    pay.slowMs = 500;
    const slow = adapter({ timeoutMs: 100 }).create(request);
    await expect(slow).rejects.toBeInstanceOf(PaymentProviderError);
    await expect(slow).rejects.toThrow(/could not be reached/);
  });

  it('reports a provider it cannot reach', async () => {
    const url = pay.url;
    await pay.close();
    await expect(govukPay({ apiKey: 'k', baseUrl: url }).status('abc')).rejects.toThrow(
      /GOV.UK Pay could not be reached/,
    );
  });
});
