import type { NotifyClient as NotifyClientType } from 'notifications-node-client';
import type { CouncilSettings } from '../council-settings';
import type { Notifier } from './notifier';
import { templateIdFor } from './settings';

/**
 * GOV.UK Notify through its own client (notifications-node-client). `baseUrl` is for tests and for
 * Notify's other environments; by default the client talks to the live API.
 */
export function notifyNotifier(options: {
  apiKey: string;
  settings: CouncilSettings['notifications'];
  baseUrl?: string;
}): Notifier {
  // Loaded only when Notify is configured: the client and its HTTP library are 7 MB of resident memory.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NotifyClient } = require('notifications-node-client') as { NotifyClient: typeof NotifyClientType };
  const client = options.baseUrl
    ? new NotifyClient(options.baseUrl, options.apiKey)
    : new NotifyClient(options.apiKey);
  return {
    provider: 'notify',
    async sendEmail(email) {
      const templateId = templateIdFor(options.settings, email);
      if (!templateId) throw new Error(`No GOV.UK Notify template id for ${email.template}`);
      try {
        const response = await client.sendEmail(templateId, email.to, {
          personalisation: email.personalisation,
          reference: email.reference,
        });
        return { id: String(response.data.id) };
      } catch (error) {
        throw new Error(describeNotifyError(error), { cause: error });
      }
    },
  };
}

/** Notify's own words for a refusal (status and errors), never the request, which holds personal data. */
function describeNotifyError(error: unknown): string {
  const response = (error as { response?: { status?: number; data?: unknown } }).response;
  if (!response) return `GOV.UK Notify could not be reached: ${(error as Error).message ?? String(error)}`;
  const errors = (response.data as { errors?: Array<{ error?: string; message?: string }> } | undefined)
    ?.errors;
  const detail = errors?.map((e) => [e.error, e.message].filter(Boolean).join(': ')).join('; ');
  return `GOV.UK Notify refused the email (HTTP ${response.status ?? '?'})${detail ? `: ${detail}` : ''}`;
}
