import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import express from 'express';
import { serveStandIn } from './stand-in-server';

/**
 * A local stand-in for the GOV.UK Notify API (POST /v2/notifications/email), for tests: it checks each
 * request as Notify would (a JWT signed with the key's secret, `iss` the service id, a fresh `iat`) and
 * records what it was asked to send. `failWith` makes it refuse the next requests with that status.
 */
export interface NotifyStandIn {
  url: string;
  serviceId: string;
  secret: string;
  apiKey: string;
  received: ReceivedEmail[];
  /** Requests it refused (bad token, or `failWith`). */
  refused: Array<{ status: number; reason: string }>;
  failWith?: 400 | 500;
  close(): Promise<void>;
}

export interface ReceivedEmail {
  templateId: string;
  emailAddress: string;
  personalisation: Record<string, string>;
  reference?: string;
  token: { iss: string; iat: number };
}

function verifyJwt(token: string, secret: string): { iss: string; iat: number } | string {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return 'not a JWT';
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature';
  const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
  if (decodedHeader.alg !== 'HS256') return 'not HS256';
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss: string; iat: number };
}

export async function startNotifyStandIn(): Promise<NotifyStandIn> {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const app = express();
  app.use(express.json());
  const standIn = {
    url: '',
    serviceId,
    secret,
    apiKey: `kit_test-${serviceId}-${secret}`,
    received: [] as ReceivedEmail[],
    refused: [] as Array<{ status: number; reason: string }>,
    failWith: undefined as 400 | 500 | undefined,
    close: async (): Promise<void> => undefined,
  } satisfies NotifyStandIn;

  app.post('/v2/notifications/email', (req, res) => {
    const refuse = (status: number, error: string, message: string) => {
      standIn.refused.push({ status, reason: message });
      res.status(status).json({ status_code: status, errors: [{ error, message }] });
    };
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const token = bearer ? verifyJwt(bearer, secret) : 'no token';
    if (typeof token === 'string') return refuse(403, 'AuthError', `Invalid token: ${token}`);
    if (token.iss !== serviceId) return refuse(403, 'AuthError', 'Invalid token: service not found');
    if (Math.abs(Date.now() / 1000 - token.iat) > 30)
      return refuse(403, 'AuthError', 'Error: Your system clock must be accurate to within 30 seconds');
    if (standIn.failWith === 400) return refuse(400, 'BadRequestError', 'Missing personalisation: reference');
    if (standIn.failWith === 500) return refuse(500, 'Exception', 'Internal server error');
    const body = req.body as Omit<ReceivedEmail, 'token'> & { template_id: string; email_address: string };
    standIn.received.push({
      templateId: body.template_id,
      emailAddress: body.email_address,
      personalisation: body.personalisation,
      reference: body.reference,
      token,
    });
    res.status(201).json({ id: randomUUID(), reference: body.reference ?? null, content: {}, template: {} });
  });

  const served = await serveStandIn(app);
  standIn.url = served.url;
  standIn.close = served.close;
  return standIn;
}

/** Every template id the `notify` provider needs, English and Welsh: `<stem>TemplateId`, `<stem>WelshTemplateId`. */
export const NOTIFY_TEMPLATE_IDS: Record<string, string> = Object.fromEntries(
  ['applicationReceived', 'saveAndReturn', 'moreInformation', 'decision'].flatMap((stem, i) => [
    [`${stem}TemplateId`, `00000000-0000-4000-8000-00000000020${i}`],
    [`${stem}WelshTemplateId`, `00000000-0000-4000-8000-00000000021${i}`],
  ]),
);

/** The kit's options for sending through the stand-in (add to buildTestApp's or createApp's). */
export const throughStandIn = (standIn: NotifyStandIn) => ({
  council: { notifications: { provider: 'notify' as const, ...NOTIFY_TEMPLATE_IDS } },
  notifyApiKey: standIn.apiKey,
  notifyBaseUrl: standIn.url,
});

/**
 * The emails the stand-in received from one template (`saveAndReturn`, `moreInformation` …), oldest
 * first, with the language its template id says.
 */
export function receivedFrom(
  standIn: NotifyStandIn,
  stem: string,
): Array<ReceivedEmail & { language: 'en' | 'cy' }> {
  const ids = {
    en: NOTIFY_TEMPLATE_IDS[`${stem}TemplateId`],
    cy: NOTIFY_TEMPLATE_IDS[`${stem}WelshTemplateId`],
  };
  return standIn.received
    .filter((email) => email.templateId === ids.en || email.templateId === ids.cy)
    .map((email) => ({ ...email, language: email.templateId === ids.cy ? 'cy' : 'en' }));
}
