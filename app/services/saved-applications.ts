import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Language } from '../../workflows/forms/fields';
import type { WorkflowKind } from '../../workflows/registry';

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SavedApplicationRow {
  id: string;
  application_id: string;
  workflow_kind: WorkflowKind;
  page_path: string;
  language: Language;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Whether a saved application can be returned to now, and if not, why (said plainly only for links). */
export type SavedStatus = 'ready' | 'used' | 'expired';

/** What someone typed as a code, as issued: capitals, without spaces or hyphens. */
export const normaliseCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** A code as it is shown in the email, in two groups of four: `ABCD-2345`. */
export const displayCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * "Save and come back later" (issue #5): each save gives a link with an unguessable token and a short code,
 * both single-use and valid until the draft would be deleted by the draft retention job (its last change
 * plus `retentionDraftDays`, app/jobs/retention.ts), so the date the applicant is told is the real one.
 * Only hashes are stored: SHA-256 of the 256-bit token, and keyed hashes (the session secret) of the code
 * and email address, since 8 characters alone could be found from a plain hash.
 */
export class SavedApplications {
  constructor(
    private readonly db: Knex,
    private readonly secret: string,
    readonly draftDays: number,
  ) {}

  private keyed(purpose: string, ...parts: string[]) {
    return createHmac('sha256', this.secret)
      .update([purpose, ...parts].join('\n'))
      .digest('hex');
  }
  private emailHash = (email: string) => this.keyed('email', normaliseEmail(email));
  private codeHash = (email: string, code: string) =>
    this.keyed('code', normaliseEmail(email), normaliseCode(code));
  private tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

  /** The key failures are counted against for an email address, without revealing the address. */
  emailKey = (email: string) => this.emailHash(email).slice(0, 32);

  /** When a draft last changed at `updatedAt` is deleted, and so when saving it runs out. */
  expiryFor(updatedAt: string): string {
    return new Date(new Date(updatedAt).getTime() + this.draftDays * DAY_MS).toISOString();
  }

  /** Records a save in the caller's transaction; any earlier save of the same draft stops working. */
  async save(
    trx: Knex.Transaction,
    options: {
      kind: WorkflowKind;
      applicationId: string;
      email: string;
      pagePath: string;
      language: Language;
      now: string;
      expiresAt: string;
    },
  ): Promise<{ token: string; code: string }> {
    const token = randomBytes(32).toString('base64url');
    const code = Array.from(
      { length: CODE_LENGTH },
      () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
    ).join('');
    await trx('saved_applications')
      .where({ application_id: options.applicationId })
      .whereNull('used_at')
      .update({ used_at: options.now });
    await trx('saved_applications').insert({
      id: randomUUID(),
      application_id: options.applicationId,
      workflow_kind: options.kind,
      token_hash: this.tokenHash(token),
      email_hash: this.emailHash(options.email),
      code_hash: this.codeHash(options.email, code),
      page_path: options.pagePath,
      language: options.language,
      created_at: options.now,
      expires_at: options.expiresAt,
    });
    return { token, code };
  }

  async findByToken(token: string): Promise<SavedApplicationRow | undefined> {
    return this.db('saved_applications')
      .where({ token_hash: this.tokenHash(token) })
      .first();
  }

  /** One query whether or not the address has anything saved, so both take the same work. */
  async findByCode(email: string, code: string): Promise<SavedApplicationRow | undefined> {
    return this.db('saved_applications')
      .where({ email_hash: this.emailHash(email), code_hash: this.codeHash(email, code) })
      .first();
  }

  async status(row: SavedApplicationRow, now: string): Promise<SavedStatus> {
    const draft = (await this.db('applications').where({ id: row.application_id }).first('submitted_at')) as
      { submitted_at: string | null } | undefined;
    if (!draft || row.expires_at <= now) return 'expired';
    if (row.used_at || draft.submitted_at) return 'used';
    return 'ready';
  }

  /** Uses the save up: true for exactly one caller, however many try at once. */
  async use(row: SavedApplicationRow, now: string): Promise<boolean> {
    const updated = await this.db('saved_applications')
      .where({ id: row.id })
      .whereNull('used_at')
      .update({ used_at: now });
    return updated === 1;
  }

  /** Deletes saves over a month past their expiry (until then a link can still say plainly it expired). */
  static async sweep(trx: Knex.Transaction, now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - 30 * DAY_MS).toISOString();
    return trx('saved_applications').where('expires_at', '<', cutoff).delete();
  }
}
