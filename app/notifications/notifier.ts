import type { Language } from '../../workflows/forms/fields';

/**
 * The emails the service sends an applicant. Each is a template in GOV.UK Notify (ids in the council
 * settings file, `notifications.*TemplateId`) with these personalisation fields, and a row in the outbox.
 */
export const TEMPLATES = ['application-received', 'save-and-return', 'more-information', 'decision'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/** The personalisation fields each template is given: Notify templates must use exactly these. */
export const TEMPLATE_FIELDS: Record<TemplateName, readonly string[]> = {
  'application-received': ['reference', 'council_name', 'name'],
  'save-and-return': ['reference', 'council_name', 'link', 'code', 'expiry_date'],
  'more-information': ['reference', 'council_name', 'request', 'due_date'],
  decision: ['reference', 'council_name', 'outcome'],
};

export interface Email {
  template: TemplateName;
  /** The applicant's language: Welsh templates are used where the council has them. */
  language: Language;
  to: string;
  personalisation: Record<string, string>;
  /** The application reference: Notify keeps it with the message, so the council can find it there. */
  reference?: string;
}

/** Something that delivers an email: GOV.UK Notify (notify-notifier.ts), or the local outbox. */
export interface Notifier {
  /** `outbox` or `notify`: recorded on each row, so staff can tell a kept message from a sent one. */
  readonly provider: NotificationProvider;
  /** Resolves with the provider's id for the message; rejects when it was not accepted. */
  sendEmail(email: Email): Promise<{ id: string }>;
}

export type NotificationProvider = 'outbox' | 'notify';

/**
 * The default: nothing leaves the service. The outbox row is the message, for staff and developers to
 * read at /staff/outbox (a council without GOV.UK Notify yet, a developer's machine, the demo).
 */
export const localOutbox: Notifier = {
  provider: 'outbox',
  async sendEmail() {
    return { id: 'outbox' };
  },
};
