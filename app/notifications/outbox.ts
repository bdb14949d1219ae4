import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { RecurringJob } from '../jobs/recurring';
import type { Email, Notifier } from './notifier';
import { splitSecrets, type FieldSeal } from './sealed-fields';

/**
 * The outbox: every email is first a row in `notifications`, written in the transaction of the change
 * that causes it (an application sent, a decision made). Delivery happens only after that transaction
 * commits, so an email is never sent for a change that rolled back, and never lost for one that did not:
 * a row that could not be delivered (Notify down, refused, the process stopped) is retried later.
 *
 *   queued ─► sending ─► sent
 *                 └────► failed ─(next_attempt_at)─► sending …
 *
 * A link or code that would let its reader act as the applicant (sealed-fields.ts) is never stored as it
 * is: `personalisation` holds `[withheld]` in its place and `sealed` the value encrypted; a retry unseals
 * it again, and sending clears `sealed`, so a sent row holds nothing usable.
 */
export interface NotificationRow {
  id: string;
  council_id: string;
  template: Email['template'];
  language: Email['language'];
  recipient: string;
  personalisation: string;
  /** The secret personalisation, sealed (sealed-fields.ts) until the email is sent; then null. */
  sealed: string | null;
  reference: string | null;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  provider: Notifier['provider'];
  provider_id: string | null;
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  sent_at: string | null;
  error: string | null;
}

/** A claimed row left `sending` this long (the process stopped mid-send) may be claimed again. */
const SENDING_LEASE_MS = 5 * 60 * 1000;
/** Waits between attempts: 1, 2, 4 … minutes, at most 6 hours, so a long Notify outage is ridden out. */
const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);

/** What a sealed value is bound to: it unseals only on its own row, for its own template. */
const sealedFor = (row: Pick<NotificationRow, 'id' | 'template'>) =>
  `notifications/${row.id}/${row.template}`;

/**
 * Writes the email to the outbox in the caller's transaction; returns the row's id. Its secret fields are
 * sealed with `seal`; without one, an email that has any is refused rather than stored readable.
 */
export async function queueEmail(
  trx: Knex | Knex.Transaction,
  email: Email,
  options: { councilId: string; provider: Notifier['provider']; now: string; seal?: FieldSeal },
): Promise<string> {
  const id = randomUUID();
  const { stored, secrets } = splitSecrets(email.template, email.personalisation);
  if (secrets && !options.seal)
    throw new Error(`A ${email.template} email needs a seal for its link or code`);
  await trx('notifications').insert({
    id,
    council_id: options.councilId,
    template: email.template,
    language: email.language,
    recipient: email.to,
    personalisation: JSON.stringify(stored),
    sealed: secrets ? options.seal!.seal(secrets, sealedFor({ id, template: email.template })) : null,
    reference: email.reference ?? null,
    status: 'queued',
    provider: options.provider,
    attempts: 0,
    next_attempt_at: options.now,
    created_at: options.now,
  });
  return id;
}

/** The retry's kind on the job runner. */
export const OUTBOX_RETRY_JOB = 'kit:notifications-retry';

/**
 * Delivers outbox rows through a notifier: just after the transaction that wrote them commits, and, for
 * any that failed or were missed (the process stopped), from a recurring job on the job runner
 * (`retryJob`), so one instance retries, on a timer that survives restarts. Claiming a row is one
 * conditional update, so two instances (or the after-commit step and the retry) never both send it.
 */
export class OutboxDelivery {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Knex,
    readonly notifier: Notifier,
    /** Seals secret personalisation as emails are queued (ApplicantEmails) and unseals it to send. */
    readonly seal: FieldSeal,
    private readonly clock: () => Date = () => new Date(),
    private readonly logError: (error: unknown) => void = () => undefined,
  ) {}

  /** Delivers the rows once `trx` has committed; nothing happens if it rolls back. */
  afterCommit(trx: Knex.Transaction, ids: string[]): void {
    this.track(
      trx.executionPromise.then(
        () => this.deliver(ids),
        () => undefined,
      ),
    );
  }

  /** Delivers every row that is due (queued, failed and waited long enough, or stuck sending). */
  async deliverDue(limit = 50): Promise<void> {
    await this.deliver(await this.dueIds(this.db, this.clock().toISOString(), limit));
  }

  /**
   * The retry, every `everyMs`, as a recurring job on the job runner (app/jobs/): it finds the due rows in
   * the job's transaction and delivers them once that commits.
   */
  retryJob(everyMs: number): RecurringJob {
    return {
      kind: OUTBOX_RETRY_JOB,
      everyMs,
      run: async (trx, now) => this.afterCommit(trx, await this.dueIds(trx, now.toISOString())),
    };
  }

  private async dueIds(db: Knex | Knex.Transaction, now: string, limit = 50): Promise<string[]> {
    const due = (await db('notifications')
      .whereNot({ status: 'sent' })
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .select('id')) as Array<{ id: string }>;
    return due.map((row) => row.id);
  }

  /** Resolves when every delivery started so far has finished (tests, and shutting down). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(this.logError).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async deliver(ids: string[]): Promise<void> {
    for (const id of ids) {
      const row = await this.claim(id);
      if (row) await this.send(row);
    }
  }

  /** Takes the row for this attempt, unless it is sent, not yet due, or another sender has it. */
  private async claim(id: string): Promise<NotificationRow | undefined> {
    const now = this.clock();
    const row = (await this.db('notifications').where({ id }).first()) as NotificationRow | undefined;
    if (!row || row.status === 'sent' || row.next_attempt_at > now.toISOString()) return undefined;
    const taken = await this.db('notifications')
      .where({ id, status: row.status, attempts: row.attempts })
      .update({
        status: 'sending',
        attempts: row.attempts + 1,
        next_attempt_at: new Date(now.getTime() + SENDING_LEASE_MS).toISOString(),
      });
    return taken === 1 ? { ...row, attempts: row.attempts + 1 } : undefined;
  }

  private async send(row: NotificationRow): Promise<void> {
    try {
      const stored = JSON.parse(row.personalisation) as Record<string, string>;
      // Unsealed here only, for the notifier: a changed SESSION_SECRET fails the row with that said.
      const secrets = row.sealed ? this.seal.unseal(row.sealed, sealedFor(row)) : {};
      const { id } = await this.notifier.sendEmail({
        template: row.template,
        language: row.language,
        to: row.recipient,
        personalisation: { ...stored, ...secrets },
        reference: row.reference ?? undefined,
      });
      await this.db('notifications')
        .where({ id: row.id })
        .update({
          status: 'sent',
          provider: this.notifier.provider,
          provider_id: id,
          sent_at: this.clock().toISOString(),
          error: null,
          // Sent: the secret is no longer kept, sealed or not (a row queued before sealing had it in plain text).
          personalisation: JSON.stringify(splitSecrets(row.template, stored).stored),
          sealed: null,
        });
    } catch (error) {
      const now = this.clock().getTime();
      await this.db('notifications')
        .where({ id: row.id })
        .update({
          status: 'failed',
          provider: this.notifier.provider,
          error: String((error as Error).message ?? error).slice(0, 2000),
          next_attempt_at: new Date(now + retryDelayMs(row.attempts)).toISOString(),
        });
    }
  }
}
