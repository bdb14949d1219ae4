import type { Knex } from 'knex';
import { ConfigError, type Config } from '../config';
import { ApplicantEmails } from './applicant-emails';
import { localOutbox, type Notifier } from './notifier';
import { notifyNotifier } from './notify-notifier';
import { OutboxDelivery } from './outbox';
import { FieldSeal } from './sealed-fields';
import { notifyProblems } from './settings';

/** The notifier the settings choose (`notifications.provider`), its outbox delivery and the applicant emails. */
export function createNotifications(options: {
  config: Config;
  db: Knex;
  clock?: () => Date;
  logError: (error: unknown) => void;
}): { delivery: OutboxDelivery; emails: ApplicantEmails } {
  const { config } = options;
  const problems = notifyProblems(config.council, config.notifyApiKey);
  if (problems.length > 0) throw new ConfigError(problems);
  const notifier: Notifier =
    config.council.notifications.provider === 'notify'
      ? notifyNotifier({
          apiKey: config.notifyApiKey!,
          settings: config.council.notifications,
          baseUrl: config.notifyBaseUrl,
        })
      : localOutbox;
  const seal = new FieldSeal(config.sessionSecret);
  const delivery = new OutboxDelivery(options.db, notifier, seal, options.clock, options.logError);
  return { delivery, emails: new ApplicantEmails(delivery, config.councilName) };
}
