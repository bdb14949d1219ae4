import { randomUUID } from 'node:crypto';
import express from 'express';
import { serveStandIn } from './stand-in-server';

/**
 * A local stand-in for the GOV.UK Pay API (POST /v1/payments, GET /v1/payments/{id}, POST
 * /v1/payments/{id}/cancel), for tests. It checks each request as GOV.UK Pay would (a Bearer API key, an
 * amount in pence, a reference, a description, a return_url, a language) and records what it was asked
 * for. The person paying is played by `finish(paymentId, outcome)`; `mode` makes the API answer with an
 * error or too slowly.
 */
export type PayOutcome = 'success' | 'failed' | 'cancelled-by-user' | 'error';

export interface ReceivedPayment {
  paymentId: string;
  authorization: string;
  amount: unknown;
  reference: unknown;
  description: unknown;
  returnUrl: unknown;
  language: unknown;
}

interface StoredPayment {
  id: string;
  amount: number;
  reference: string;
  description: string;
  returnUrl: string;
  language: string;
  state: { status: string; finished: boolean; code?: string; message?: string };
}

export interface PayStandIn {
  url: string;
  apiKey: string;
  /** Payments created, as the requests asked for them. */
  received: ReceivedPayment[];
  /** Status checks, by payment id. */
  statusChecks: string[];
  cancelled: string[];
  /** Requests refused (bad key, bad body), with GOV.UK Pay's code. */
  refused: Array<{ status: number; code: string; description: string }>;
  /** `error`: every request gets a 500; `slow`: answers after `slowMs`. */
  mode: 'normal' | 'error' | 'slow';
  slowMs: number;
  /** The person at GOV.UK Pay finishes paying, one way or another. */
  finish(paymentId: string, outcome: PayOutcome): void;
  /** The state GOV.UK Pay holds for a payment. */
  stateOf(paymentId: string): StoredPayment['state'] | undefined;
  close(): Promise<void>;
}

const OUTCOMES: Record<PayOutcome, StoredPayment['state']> = {
  success: { status: 'success', finished: true },
  failed: { status: 'failed', finished: true, code: 'P0010', message: 'Payment method rejected' },
  'cancelled-by-user': {
    status: 'failed',
    finished: true,
    code: 'P0030',
    message: 'Payment was cancelled by the user',
  },
  error: { status: 'error', finished: true, code: 'P0050', message: 'Payment provider returned an error' },
};

export async function startPayStandIn(): Promise<PayStandIn> {
  const app = express();
  app.use(express.json());
  const payments = new Map<string, StoredPayment>();
  const standIn: PayStandIn = {
    url: '',
    apiKey: `api_test_${randomUUID().replace(/-/g, '')}`,
    received: [],
    statusChecks: [],
    cancelled: [],
    refused: [],
    mode: 'normal',
    slowMs: 2000,
    finish(paymentId, outcome) {
      const payment = payments.get(paymentId);
      if (!payment) throw new Error(`No payment ${paymentId}`);
      payment.state = { ...OUTCOMES[outcome] };
    },
    stateOf: (paymentId) => payments.get(paymentId)?.state,
    close: async () => undefined,
  };

  const view = (payment: StoredPayment) => ({
    payment_id: payment.id,
    amount: payment.amount,
    reference: payment.reference,
    description: payment.description,
    return_url: payment.returnUrl,
    language: payment.language,
    state: payment.state,
    _links: {
      self: { href: `${standIn.url}/v1/payments/${payment.id}`, method: 'GET' },
      next_url: payment.state.finished
        ? null
        : { href: `${standIn.url}/secure/${payment.id}`, method: 'GET' },
    },
  });

  // The API key, then the stand-in's mode, for every API request.
  app.use('/v1', (req, res, next) => {
    const refuse = (status: number, code: string, description: string) => {
      standIn.refused.push({ status, code, description });
      res.status(status).json({ code, description });
    };
    if (req.get('authorization') !== `Bearer ${standIn.apiKey}`) return refuse(401, 'P0920', 'Unauthorized');
    if (standIn.mode === 'error') return refuse(500, 'P0999', 'Internal server error');
    if (standIn.mode === 'slow') setTimeout(next, standIn.slowMs);
    else next();
  });

  app.post('/v1/payments', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const problem =
      !Number.isInteger(body.amount) || (body.amount as number) < 1 || (body.amount as number) > 10_000_000
        ? 'amount'
        : typeof body.reference !== 'string' || body.reference === '' || body.reference.length > 255
          ? 'reference'
          : typeof body.description !== 'string' || body.description === '' || body.description.length > 255
            ? 'description'
            : typeof body.return_url !== 'string' || !/^https?:\/\/[^/]+\//.test(body.return_url)
              ? 'return_url'
              : body.language !== 'en' && body.language !== 'cy'
                ? 'language'
                : undefined;
    const paymentId = randomUUID().replace(/-/g, '').slice(0, 26);
    standIn.received.push({
      paymentId,
      authorization: req.get('authorization') ?? '',
      amount: body.amount,
      reference: body.reference,
      description: body.description,
      returnUrl: body.return_url,
      language: body.language,
    });
    if (problem) {
      standIn.refused.push({
        status: 422,
        code: 'P0102',
        description: `Invalid attribute value: ${problem}`,
      });
      return res
        .status(422)
        .json({ field: problem, code: 'P0102', description: `Invalid attribute value: ${problem}` });
    }
    const payment: StoredPayment = {
      id: paymentId,
      amount: body.amount as number,
      reference: body.reference as string,
      description: body.description as string,
      returnUrl: body.return_url as string,
      language: body.language as string,
      state: { status: 'created', finished: false },
    };
    payments.set(paymentId, payment);
    res.status(201).json(view(payment));
  });

  app.get('/v1/payments/:id', (req, res) => {
    standIn.statusChecks.push(req.params.id);
    const payment = payments.get(req.params.id);
    if (!payment) return res.status(404).json({ code: 'P0200', description: 'Not found' });
    res.json(view(payment));
  });

  app.post('/v1/payments/:id/cancel', (req, res) => {
    const payment = payments.get(req.params.id);
    if (!payment) return res.status(404).json({ code: 'P0500', description: 'Not found' });
    if (payment.state.finished)
      return res.status(400).json({ code: 'P0501', description: 'Cancellation failed' });
    payment.state = {
      status: 'cancelled',
      finished: true,
      code: 'P0040',
      message: 'Payment was cancelled by the service',
    };
    standIn.cancelled.push(payment.id);
    res.status(204).end();
  });

  const served = await serveStandIn(app);
  standIn.url = served.url;
  standIn.close = served.close;
  return standIn;
}
