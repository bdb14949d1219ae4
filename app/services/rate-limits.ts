import type { Knex } from 'knex';

/**
 * Counting attempts per key in fixed windows, e.g. failed sign-ins from one network address. Kept in the
 * database (table `rate_limits`) so that several instances count together. Only failures are counted:
 * a council office behind one address must not be locked out by its own successful sign-ins.
 */
export interface RateLimit {
  /** What is counted, e.g. `sign-in` (the key adds who: `sign-in:203.0.113.7`). */
  name: string;
  /** Failures allowed in a window before further attempts are refused. */
  limit: number;
  windowMs: number;
}

/** Failed staff sign-ins from one address (config `staffSignInFailures`, STAFF_SIGN_IN_FAILURES). */
export const staffSignInLimit = (failures: number): RateLimit => ({
  name: 'sign-in',
  limit: failures,
  windowMs: 15 * 60 * 1000,
});

/**
 * Failed progress checks from one address (reference, date of birth and postcode that do not match):
 * enough for someone mistyping, too few to guess a date of birth.
 */
export const progressCheckLimit: RateLimit = { name: 'progress', limit: 10, windowMs: 15 * 60 * 1000 };

/**
 * Failed returns to a saved application (a wrong, used or expired code or link), counted per network
 * address and, for codes, per email address typed (so per saved application, without saying whether one
 * exists). Codes are 8 characters from 32, so these limits leave guessing hopeless within 28 days.
 */
export const savedReturnAddressLimit: RateLimit = { name: 'return', limit: 10, windowMs: 15 * 60 * 1000 };
export const savedReturnEmailLimit: RateLimit = { name: 'return-email', limit: 5, windowMs: 15 * 60 * 1000 };
/** "Save and come back later" emails for one application: the button must not flood someone's inbox. */
export const saveEmailLimit: RateLimit = { name: 'save-email', limit: 5, windowMs: 60 * 60 * 1000 };

const keyOf = (limit: RateLimit, who: string) => `${limit.name}:${who}`.slice(0, 200);

/** Whether `who` has used up its failures in the current window; if so, how long until it may try again. */
export async function rateLimited(
  db: Knex,
  limit: RateLimit,
  who: string,
  now: number,
): Promise<{ limited: false } | { limited: true; retryAfterMs: number }> {
  const row = (await db('rate_limits')
    .where({ key: keyOf(limit, who) })
    .first()) as { window_started_at: number | string; count: number } | undefined;
  if (!row) return { limited: false };
  const started = Number(row.window_started_at);
  if (now - started >= limit.windowMs || row.count < limit.limit) return { limited: false };
  return { limited: true, retryAfterMs: started + limit.windowMs - now };
}

/**
 * Counts one failure for `who`, starting a new window when the last one has ended. One upsert, so failures
 * arriving at once (a spraying attack sends them in parallel) are all counted, on SQLite and PostgreSQL:
 * both evaluate the update against the row as it was, under the row's lock.
 */
export async function recordFailure(db: Knex, limit: RateLimit, who: string, now: number): Promise<void> {
  const windowOpenAfter = now - limit.windowMs;
  await db('rate_limits')
    .insert({ key: keyOf(limit, who), window_started_at: now, count: 1 })
    .onConflict('key')
    .merge({
      count: db.raw('case when rate_limits.window_started_at > ? then rate_limits.count + 1 else 1 end', [
        windowOpenAfter,
      ]),
      window_started_at: db.raw(
        'case when rate_limits.window_started_at > ? then rate_limits.window_started_at else ? end',
        [windowOpenAfter, now],
      ),
    });
}
