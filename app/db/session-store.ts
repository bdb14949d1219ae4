import session from 'express-session';
import type { Knex } from 'knex';

type Callback = (err?: unknown, value?: unknown) => void;

/**
 * express-session's store in the kit's own database table (see migrations), so any instance behind a
 * load balancer serves any request. Written here rather than taken from a package so the table lives in
 * the kit's migrations, it runs the same on both drivers, and it starts no background timers: expired
 * rows are ignored on read and swept by `sweepExpired`.
 */
export class KnexSessionStore extends session.Store {
  constructor(
    private readonly db: Knex,
    private readonly defaultTtlMs = 24 * 60 * 60 * 1000,
  ) {
    super();
  }

  private expiresAt(sess: session.SessionData): number {
    const expires = sess.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + this.defaultTtlMs;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.db('sessions')
      .where({ sid })
      .first('sess', 'expires_at')
      .then((row: { sess: string; expires_at: number | string } | undefined) => {
        if (!row || Number(row.expires_at) <= Date.now()) return callback(null, null);
        callback(null, JSON.parse(row.sess) as session.SessionData);
      })
      .catch(callback);
  }

  override set(sid: string, sess: session.SessionData, callback?: Callback): void {
    const row = { sid, sess: JSON.stringify(sess), expires_at: this.expiresAt(sess) };
    this.db('sessions')
      .insert(row)
      .onConflict('sid')
      .merge(['sess', 'expires_at'])
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  override touch(sid: string, sess: session.SessionData, callback?: Callback): void {
    this.db('sessions')
      .where({ sid })
      .update({ expires_at: this.expiresAt(sess) })
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.db('sessions')
      .where({ sid })
      .delete()
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  /** Deletes sessions past their expiry; returns how many. */
  async sweepExpired(now = Date.now()): Promise<number> {
    return this.db('sessions').where('expires_at', '<=', now).delete();
  }
}
