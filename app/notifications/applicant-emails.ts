import type { Knex } from 'knex';
import { formatDate, type Language } from '../../workflows/forms/fields';
import type { Email } from './notifier';
import { queueEmail, type OutboxDelivery } from './outbox';

/**
 * The emails an applicant gets, as the effects that cause them call them: each is queued in the
 * transition's transaction and delivered once it commits (app/notifications/outbox.ts).
 */
export class ApplicantEmails {
  constructor(
    private readonly delivery: OutboxDelivery,
    private readonly councilName: string,
  ) {}

  /** "We have received your application", with its reference, when the applicant gave an email address. */
  async applicationReceived(
    trx: Knex.Transaction,
    options: {
      councilId: string;
      reference: string;
      to: string | undefined;
      name: string;
      language: Language;
      now: string;
    },
  ): Promise<void> {
    if (!options.to) return;
    await this.queue(trx, options, {
      template: 'application-received',
      language: options.language,
      to: options.to,
      reference: options.reference,
      personalisation: { reference: options.reference, council_name: this.councilName, name: options.name },
    });
  }

  /** "Come back to your application": the link and code to return with, and until when they work. */
  async saveAndReturn(
    trx: Knex.Transaction,
    options: {
      councilId: string;
      reference: string;
      to: string;
      link: string;
      code: string;
      expiryDate: string;
      language: Language;
      now: string;
    },
  ): Promise<void> {
    await this.personalised(trx, options, 'save-and-return', {
      link: options.link,
      code: options.code,
      expiry_date: options.expiryDate,
    });
  }

  /**
   * A letter's email (app/letters/): "decision" for approvals, refusals, withdrawals and review outcomes,
   * "more-information" for an information request and its reminder. Returns the outbox row's id.
   */
  async letter(
    trx: Knex.Transaction,
    options: {
      councilId: string;
      reference: string;
      to: string;
      language: Language;
      now: string;
      template: 'decision' | 'more-information';
      personalisation: Record<string, string>;
    },
  ): Promise<string> {
    return this.personalised(trx, options, options.template, options.personalisation);
  }

  /** An email with the reference and the council's name, and the template's own fields. */
  private personalised(
    trx: Knex.Transaction,
    options: { councilId: string; reference: string; to: string; language: Language; now: string },
    template: Email['template'],
    personalisation: Record<string, string>,
  ): Promise<string> {
    return this.queue(trx, options, {
      template,
      language: options.language,
      to: options.to,
      reference: options.reference,
      personalisation: { reference: options.reference, council_name: this.councilName, ...personalisation },
    });
  }

  /**
   * "We need more information": what the officer asked for, the date to reply by and the secure link to
   * reply through; `reminder` is `yes` on the reminder (a Notify template shows its line with
   * `((reminder??…))`).
   */
  async moreInformation(
    trx: Knex.Transaction,
    options: {
      councilId: string;
      reference: string;
      to: string | undefined;
      language: Language;
      request: string;
      link: string;
      dueDate: string;
      reminder: boolean;
      now: string;
    },
  ): Promise<void> {
    if (!options.to) return;
    await this.queue(trx, options, {
      template: 'more-information',
      language: options.language,
      to: options.to,
      reference: options.reference,
      personalisation: {
        reference: options.reference,
        council_name: this.councilName,
        request: options.request,
        link: options.link,
        due_date: formatDate(options.dueDate, options.language),
        reminder: options.reminder ? 'yes' : 'no',
      },
    });
  }

  private async queue(trx: Knex.Transaction, at: { councilId: string; now: string }, email: Email) {
    const id = await queueEmail(trx, email, {
      councilId: at.councilId,
      provider: this.delivery.notifier.provider,
      now: at.now,
      seal: this.delivery.seal,
    });
    this.delivery.afterCommit(trx, [id]);
    return id;
  }
}
