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

  /**
   * "We need more information": what the officer asked for, the date to reply by and the secure link to
   * reply through; `reminder` is `yes` on the reminder (a Notify template shows its line with
   * `((reminder??…))`). In the language the applicant used, where an earlier email to them shows it.
   */
  async moreInformation(
    trx: Knex.Transaction,
    options: {
      councilId: string;
      reference: string;
      to: string | undefined;
      request: string;
      link: string;
      dueDate: string;
      reminder: boolean;
      now: string;
    },
  ): Promise<void> {
    if (!options.to) return;
    const earlier = (await trx('notifications')
      .where({ reference: options.reference })
      .orderBy('created_at')
      .first('language')) as { language: Language } | undefined;
    const language = earlier?.language ?? 'en';
    await this.queue(trx, options, {
      template: 'more-information',
      language,
      to: options.to,
      reference: options.reference,
      personalisation: {
        reference: options.reference,
        council_name: this.councilName,
        request: options.request,
        link: options.link,
        due_date: formatDate(options.dueDate, language),
        reminder: options.reminder ? 'yes' : 'no',
      },
    });
  }

  private async queue(trx: Knex.Transaction, at: { councilId: string; now: string }, email: Email) {
    const id = await queueEmail(trx, email, {
      councilId: at.councilId,
      provider: this.delivery.notifier.provider,
      now: at.now,
    });
    this.delivery.afterCommit(trx, [id]);
  }
}
