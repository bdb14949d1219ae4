import session from 'express-session';
import type { Knex } from 'knex';
import { directSqlite, type DirectSqlite } from './direct-sqlite';
import { ParameterisedQuery } from './parameterised-query';

type Callback = (err?: unknown, value?: unknown) => void;
type SessionRow = { sid: string; sess: string; expires_at: number };

/**
 * Rolling sessions move the expiry forward on every request, which would be a database write on every
 * page view. A touch that would move the stored expiry by less than this is skipped: the stored expiry
 * is then at most this much earlier than the cookie's, so the idle timeout is shortened by at most this.
 */
export const TOUCH_AFTER_MS = 60 * 1000;
/** Stored expiries remembered to judge that (the sessions active on this process; a bound all the same). */
const KNOWN_EXPIRIES = 10_000;

/**
 * express-session's store in the kit's own database table (see migrations), so any instance behind a
 * load balancer serves any request. Written here rather than taken from a package so the table lives in
 * the kit's migrations, it runs the same on both drivers, and it starts no background timers: expired
 * rows are ignored on read and swept by `sweepExpired`.
 */
export class KnexSessionStore extends session.Store {
  /** The expiry this process last read or wrote for each session id, the most recent last. */
  private readonly storedExpiry = new Map<string, number>();
  /** On SQLite, every request's session read runs on the connection itself (app/db/direct-sqlite.ts). */
  private readonly direct: DirectSqlite | undefined;
  private readonly read: ParameterisedQuery<{ sid: string }>;
  private readonly upsert: ParameterisedQuery<SessionRow>;
  private readonly extend: ParameterisedQuery<{ sid: string; expires_at: number }>;
  private readonly remove: ParameterisedQuery<{ sid: string }>;

  constructor(
    private readonly db: Knex,
    private readonly defaultTtlMs = 24 * 60 * 60 * 1000,
  ) {
    super();
    this.direct = directSqlite(db);
    const sessions = () => db('sessions');
    this.read = new ParameterisedQuery((v) =>
      sessions()
        .where({ sid: v('sid') })
        .first('sess', 'expires_at'),
    );
    this.upsert = new ParameterisedQuery((v) =>
      sessions()
        .insert({ sid: v('sid'), sess: v('sess'), expires_at: v('expires_at') })
        .onConflict('sid')
        .merge(['sess', 'expires_at']),
    );
    this.extend = new ParameterisedQuery((v) =>
      sessions()
        .where({ sid: v('sid') })
        .update({ expires_at: v('expires_at') }),
    );
    this.remove = new ParameterisedQuery((v) =>
      sessions()
        .where({ sid: v('sid') })
        .delete(),
    );
  }

  private async readRow(sid: string): Promise<{ sess: string; expires_at: number | string } | undefined> {
    const values = { sid };
    if (!this.direct) return this.read.toKnex(values);
    return (
      await this.direct.rows<{ sess: string; expires_at: number | string }>(this.read.toNative(values))
    )[0];
  }

  private async write<V extends Record<string, unknown>>(
    query: ParameterisedQuery<V>,
    values: V,
  ): Promise<void> {
    await (this.direct ? this.direct.changes(query.toNative(values)) : query.toKnex(values));
  }

  private remember(sid: string, expiresAt: number): void {
    this.storedExpiry.delete(sid);
    this.storedExpiry.set(sid, expiresAt);
    if (this.storedExpiry.size > KNOWN_EXPIRIES) {
      this.storedExpiry.delete(this.storedExpiry.keys().next().value as string);
    }
  }

  private expiresAt(sess: session.SessionData): number {
    const expires = sess.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + this.defaultTtlMs;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.readRow(sid)
      .then((row) => {
        if (!row || Number(row.expires_at) <= Date.now()) return callback(null, null);
        this.remember(sid, Number(row.expires_at));
        callback(null, JSON.parse(row.sess) as session.SessionData);
      })
      .catch(callback);
  }

  override set(sid: string, sess: session.SessionData, callback?: Callback): void {
    const row = { sid, sess: JSON.stringify(sess), expires_at: this.expiresAt(sess) };
    this.write(this.upsert, row)
      .then(() => {
        this.remember(sid, row.expires_at);
        callback?.();
      })
      .catch((err: unknown) => callback?.(err));
  }

  /**
   * Skipped when the stored expiry (as last read or written here) is less than TOUCH_AFTER_MS behind. Safe
   * with several processes: another one can only have moved the expiry later, or deleted the row (which
   * an update would not bring back either).
   */
  override touch(sid: string, sess: session.SessionData, callback?: Callback): void {
    const expiresAt = this.expiresAt(sess);
    const known = this.storedExpiry.get(sid);
    if (known !== undefined && expiresAt - known < TOUCH_AFTER_MS) {
      callback?.();
      return;
    }
    this.write(this.extend, { sid, expires_at: expiresAt })
      .then(() => {
        this.remember(sid, expiresAt);
        callback?.();
      })
      .catch((err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.storedExpiry.delete(sid);
    this.write(this.remove, { sid })
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  /** Deletes sessions past their expiry; returns how many. */
  async sweepExpired(now = Date.now()): Promise<number> {
    return this.db('sessions').where('expires_at', '<=', now).delete();
  }
}
