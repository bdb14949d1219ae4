import { randomInt, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { Knex } from 'knex';
import type { FieldError } from '../../workflows/forms/fields';
import { hasPermission, isRole, PERMISSIONS, type Permission, type Role } from '../../workflows/permissions';
import { isPostgres } from '../db/connect';
import type { Actor } from '../engine/actor';

export interface StaffUser {
  id: string;
  councilId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** Copied into the session at sign-in; a session holding an older number is refused. */
  sessionVersion: number;
  /** Signed in with a one-time password an administrator was shown: must choose their own first. */
  passwordChangeRequired: boolean;
  /** Signs in only through the council's identity provider: the kit keeps no password for them. */
  passwordless?: boolean;
}

/** What an administrator sees of an account. */
export interface StaffAccount extends StaffUser {
  failedAttempts: number;
  /** ISO-8601 UTC; set while (and after) a lock, so compare it with the time now. */
  lockedUntil: string | null;
  createdAt: string;
}

interface StaffRow {
  id: string;
  council_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled: boolean | number;
  failed_attempts: number | string;
  locked_until: string | null;
  session_version: number | string;
  password_change_required: boolean | number;
  created_at: string;
}

/** The password hash of an account made by single sign-on: argon2 never verifies it. */
export const NO_PASSWORD = 'sso-only';

export const MIN_PASSWORD_LENGTH = 12;
/** Longer passwords are refused rather than hashed: argon2 takes any length, the form need not. */
export const MAX_PASSWORD_LENGTH = 256;
/** Wrong passwords in a row that lock an account… */
export const MAX_FAILED_ATTEMPTS = 5;
/** …for this long. Time-limited, so an attacker cannot lock someone out for good. */
export const LOCK_DURATION_MS = 15 * 60 * 1000;

/** audit_events.workflow_id for staff account rows (entity_type 'staff'): accounts have no statechart. */
export const STAFF_AUDIT_WORKFLOW = 'staff-account';

/** What each permission lets someone do, in words (the role radios and docs/roles.md). */
export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'case:view': 'find and view cases and their badges',
  'case:assess':
    'assess a case: check the evidence, record desktop assessments and referrals, ask for more information, withdraw',
  'case:decide': 'approve (which orders the badge) or refuse a case; record and decide reviews and appeals',
  'case:assign': 'assign a case to a colleague, reassign it, or unassign it',
  'application:key':
    'enter an application or a replacement request for a resident from a paper form, a phone call or a visit',
  'evidence:view': 'open the photo, proofs and documents sent with a case',
  'badge:manage': 'record a badge as issued, cancel it, or record that it was replaced',
  'staff:manage': 'create, change, disable and enable staff accounts, and reset their passwords',
  'settings:view': 'see the council settings in force',
  'case:audit': 'see who has opened a case',
  'notifications:view': 'read the emails sent to applicants (the outbox, /staff/outbox)',
  'data:export': 'download everything held about a person as a zip (subject access request)',
  'data:erase': "erase a person's personal data on request",
  'erasures:view': 'read the erasure log (/staff/erasures)',
  'letters:view': 'read and download the letters sent to an applicant, from the case page',
  'process:comment': 'comment on the process maps and reply to comments',
  'process:moderate':
    'moderate comments on the process maps (show, hide, mark resolved or taken into a version) and export them',
};

/** A role's permissions in words, e.g. "Can find and view cases and badges, assess applications." */
export function roleSummary(role: Role): string {
  const can = PERMISSIONS.filter((permission) => hasPermission(role, permission)).map(
    (permission) => PERMISSION_DESCRIPTIONS[permission],
  );
  return `Can ${can.join(', ')}.`;
}

function toAccount(row: StaffRow): StaffAccount {
  if (!isRole(row.role)) throw new Error(`Staff user ${row.id} has an unknown role ${row.role}`);
  return {
    id: row.id,
    councilId: row.council_id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: Boolean(row.disabled),
    sessionVersion: Number(row.session_version ?? 1),
    passwordChangeRequired: Boolean(row.password_change_required),
    passwordless: row.password_hash === NO_PASSWORD,
    failedAttempts: Number(row.failed_attempts ?? 0),
    lockedUntil: row.locked_until ?? null,
    createdAt: row.created_at,
  };
}

function toUser(row: StaffRow): StaffUser {
  const { failedAttempts: _f, lockedUntil: _l, createdAt: _c, ...user } = toAccount(row);
  return user;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function staffAccountProblems(input: {
  email: string;
  name: string;
  role: string;
  password: string;
}): string[] {
  const problems: string[] = [];
  if (!EMAIL_PATTERN.test(input.email.trim())) problems.push('email must be an email address');
  if (input.name.trim() === '' || input.name.length > 200) problems.push('name must be 1 to 200 characters');
  if (!isRole(input.role)) {
    problems.push('role must be one of read-only, assessor, decision-maker, team-manager, administrator');
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return problems;
}

/**
 * argon2id at OWASP's recommended profile (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1), not the
 * library's default (RFC 9106's second setting: 64 MiB, 3 passes, 4 lanes). Each hash or verify holds
 * its memory while it runs, and 64 MiB per sign-in kept the kit's peak memory over 200 MB
 * (docs/performance.md, docs/architecture.md). Older hashes are upgraded at the next sign-in.
 */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

/** argon2id: a slow, memory-hard hash, so a stolen table of hashes is expensive to crack. */
export function hashPassword(password: string): Promise<string> {
  return withArgon2Memory(() => argon2.hash(password, ARGON2_OPTIONS));
}

/** Whether a stored hash was made with other parameters than ARGON2_OPTIONS (so is upgraded at sign-in). */
export function needsNewHash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  } catch {
    return false;
  }
}

/**
 * libuv runs up to four argon2 operations at once, each holding its memory (19 MiB now, 64 MiB for a
 * hash from before): at most two at a time bounds that, whoever signs in together (docs/performance.md).
 * On a small server little time is lost, as each one keeps a core busy anyway.
 */
const ARGON2_AT_ONCE = 2;
let argon2Running = 0;
const argon2Waiting: Array<() => void> = [];

async function withArgon2Memory<T>(work: () => Promise<T>): Promise<T> {
  if (argon2Running >= ARGON2_AT_ONCE) await new Promise<void>((resolve) => argon2Waiting.push(resolve));
  argon2Running++;
  try {
    return await work();
  } finally {
    argon2Running--;
    argon2Waiting.shift()?.();
  }
}

export async function createStaffUser(
  db: Knex,
  input: { councilId: string; email: string; name: string; role: Role; password: string },
): Promise<StaffUser> {
  const row: StaffRow = {
    id: randomUUID(),
    council_id: input.councilId,
    email: normaliseEmail(input.email),
    name: input.name.trim(),
    role: input.role,
    password_hash: await hashPassword(input.password),
    disabled: false,
    failed_attempts: 0,
    locked_until: null,
    session_version: 1,
    password_change_required: false,
    created_at: new Date().toISOString(),
  };
  await db('staff_users').insert(row);
  return toUser(row);
}

export async function findStaffUser(db: Knex, id: string): Promise<StaffUser | undefined> {
  const row = (await db<StaffRow>('staff_users').where({ id }).first()) as StaffRow | undefined;
  return row ? toUser(row) : undefined;
}

/**
 * The user, if the email and password match an enabled account. Takes the same time for unknown emails.
 * Only checks: it neither counts failures nor honours a lock (sign-in uses `signInStaff`).
 */
export async function verifyStaffCredentials(
  db: Knex,
  email: string,
  password: string,
): Promise<StaffUser | undefined> {
  const row = (await db<StaffRow>('staff_users')
    .where({ email: normaliseEmail(email) })
    .first()) as StaffRow | undefined;
  const hash = row?.password_hash ?? (await dummyHash());
  const matches = await withArgon2Memory(() => argon2.verify(hash, password)).catch(() => false);
  if (!row || !matches || Boolean(row.disabled)) return undefined;
  return toUser(row);
}

/**
 * Verified against when the email is unknown, so response time does not reveal which emails exist.
 * Made on first use, not when the module loads: a hash at start-up took 64 MiB and a core while the
 * app was starting. (Only the first unknown email after a start waits for it to be made.)
 */
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-for-timing-only');
  return dummy;
}

export function isLocked(account: { lockedUntil: string | null }, now: Date): boolean {
  return account.lockedUntil !== null && account.lockedUntil > now.toISOString();
}

/**
 * Counts a wrong password against the account with this email, locking it at the fifth in a row.
 * One statement, so two wrong passwords at once are both counted. Runs for unknown emails too (it then
 * changes nothing), so they take the same path. Attempts while locked do not extend the lock.
 */
async function recordFailure(db: Knex, where: { email: string } | { id: string }, now: Date): Promise<void> {
  const until = new Date(now.getTime() + LOCK_DURATION_MS).toISOString();
  await db('staff_users')
    .where(where)
    .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', now.toISOString()))
    .update({
      // Both expressions read the row as it was before this update (SQL semantics on both drivers).
      failed_attempts: db.raw('CASE WHEN failed_attempts + 1 >= ? THEN 0 ELSE failed_attempts + 1 END', [
        MAX_FAILED_ATTEMPTS,
      ]),
      locked_until: db.raw('CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END', [
        MAX_FAILED_ATTEMPTS,
        until,
      ]),
    });
}

/**
 * Sign-in: the user, if the email and password match an enabled account that is not locked; a success
 * clears the count of wrong passwords, and anything else counts as one. Every refusal looks the same to
 * the caller (unknown email, wrong password, locked, disabled) and takes the same work: one argon2 verify,
 * one update.
 */
export async function signInStaff(
  db: Knex,
  email: string,
  password: string,
  now: Date = new Date(),
): Promise<StaffUser | undefined> {
  const normalised = normaliseEmail(email);
  const row = (await db<StaffRow>('staff_users').where({ email: normalised }).first()) as
    StaffRow | undefined;
  const hash = row?.password_hash ?? (await dummyHash());
  const matches = await withArgon2Memory(() => argon2.verify(hash, password)).catch(() => false);
  const account = row ? toAccount(row) : undefined;
  if (account && matches && !account.disabled && !isLocked(account, now)) {
    await db('staff_users').where({ id: account.id }).update({ failed_attempts: 0, locked_until: null });
    if (needsNewHash(hash)) await upgradeHash(db, account.id, hash, password);
    return toUser(row as StaffRow);
  }
  await recordFailure(db, { email: normalised }, now);
  return undefined;
}

/**
 * Replaces a hash made with older argon2 parameters, at sign-in while the password is known. Only if the
 * stored hash is still the one verified, so a password changed meanwhile is never overwritten.
 */
async function upgradeHash(db: Knex, id: string, verified: string, password: string): Promise<void> {
  const upgraded = await hashPassword(password);
  await db('staff_users').where({ id, password_hash: verified }).update({ password_hash: upgraded });
}

// ——— Account management (administrators, and each person's own account) ———

async function audit(
  trx: Knex.Transaction,
  userId: string,
  event: string,
  toState: 'active' | 'disabled',
  actor: Actor,
  now: Date,
  detail?: Record<string, unknown>,
  fromState: 'active' | 'disabled' | null = toState,
): Promise<void> {
  await trx('audit_events').insert({
    entity_type: 'staff',
    entity_id: userId,
    workflow_id: STAFF_AUDIT_WORKFLOW,
    workflow_version: 1,
    event,
    from_state: fromState,
    to_state: toState,
    actor_type: actor.type,
    actor_id: actor.type === 'system' ? null : (actor.id ?? null),
    actor_name: actor.type === 'citizen' ? null : actor.name,
    detail: detail ? JSON.stringify(detail) : null,
    at: now.toISOString(),
  });
}

const status = (account: { disabled: boolean }) => (account.disabled ? 'disabled' : 'active');

export function staffActor(user: StaffUser): Actor {
  return { type: 'staff', id: user.id, name: user.name, role: user.role };
}

// No 0/O, 1/l/i: read off a screen and typed in by someone else.
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password: 4 groups of 4 from 31 characters (about 79 bits), e.g. `k7dm-x3qp-9tfa-wn2e`. */
export function generateOneTimePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

export async function listStaffAccounts(db: Knex, councilId: string): Promise<StaffAccount[]> {
  const rows = (await db<StaffRow>('staff_users')
    .where({ council_id: councilId })
    .orderBy([{ column: 'name' }, { column: 'email' }])) as StaffRow[];
  return rows.map(toAccount);
}

export async function findStaffAccount(
  db: Knex,
  councilId: string,
  id: string,
): Promise<StaffAccount | undefined> {
  const row = (await db<StaffRow>('staff_users').where({ id, council_id: councilId }).first()) as
    StaffRow | undefined;
  return row ? toAccount(row) : undefined;
}

/** Field errors for an account's email (when creating), name and role, in GOV.UK words. */
export function accountFormErrors(input: { email?: string; name: string; role: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.email !== undefined) {
    const email = input.email.trim();
    if (email === '') errors.push({ field: 'email', href: '#email', text: 'Enter an email address' });
    else if (email.length > 254 || !EMAIL_PATTERN.test(email))
      errors.push({
        field: 'email',
        href: '#email',
        text: 'Enter an email address in the correct format, like name@council.gov.uk',
      });
  }
  const name = input.name.trim();
  if (name === '') errors.push({ field: 'name', href: '#name', text: 'Enter their full name' });
  else if (name.length > 200)
    errors.push({ field: 'name', href: '#name', text: 'Full name must be 200 characters or fewer' });
  if (!isRole(input.role)) errors.push({ field: 'role', href: '#role', text: 'Select a role' });
  return errors;
}

/** Field errors for a new password the person chose. */
export function newPasswordErrors(password: string, field = 'newPassword'): FieldError[] {
  if (password === '') return [{ field, href: `#${field}`, text: 'Enter a new password' }];
  if (password.length < MIN_PASSWORD_LENGTH)
    return [{ field, href: `#${field}`, text: `Password must be ${MIN_PASSWORD_LENGTH} characters or more` }];
  if (password.length > MAX_PASSWORD_LENGTH)
    return [
      { field, href: `#${field}`, text: `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer` },
    ];
  return [];
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT';
}

/**
 * A new account with a generated one-time password, which the caller shows once and never stores: only
 * its hash is kept, and the person must choose their own password at first sign-in.
 */
export async function createStaffAccount(
  db: Knex,
  input: { councilId: string; email: string; name: string; role: Role },
  actor: Actor,
  now: Date = new Date(),
): Promise<
  { ok: true; account: StaffAccount; oneTimePassword: string } | { ok: false; reason: 'email-taken' }
> {
  const email = normaliseEmail(input.email);
  if (await db('staff_users').where({ email }).first('id')) return { ok: false, reason: 'email-taken' };
  const oneTimePassword = generateOneTimePassword();
  const row: StaffRow = {
    id: randomUUID(),
    council_id: input.councilId,
    email,
    name: input.name.trim(),
    role: input.role,
    password_hash: await hashPassword(oneTimePassword),
    disabled: false,
    failed_attempts: 0,
    locked_until: null,
    session_version: 1,
    password_change_required: true,
    created_at: now.toISOString(),
  };
  try {
    await db.transaction(async (trx) => {
      await trx('staff_users').insert(row);
      await audit(trx, row.id, 'ACCOUNT_CREATED', 'active', actor, now, { email, role: input.role }, null);
    });
  } catch (error) {
    // Someone else created the same email between the check and the insert.
    if (isUniqueViolation(error)) return { ok: false, reason: 'email-taken' };
    throw error;
  }
  return { ok: true, account: toAccount(row), oneTimePassword };
}

/** The account's row inside a change's transaction, locked against a concurrent change on PostgreSQL. */
async function lockedRow(
  trx: Knex.Transaction,
  councilId: string,
  id: string,
): Promise<StaffRow | undefined> {
  const query = trx<StaffRow>('staff_users').where({ id, council_id: councilId });
  // SQLite has a single writer: a transaction there already excludes others.
  return (await (isPostgres(trx) ? query.forUpdate() : query).first()) as StaffRow | undefined;
}

export type AccountChangeRefusal = 'not-found' | 'own-account';

/** Changes a name and role; one audit row per thing that changed. Nobody demotes themselves. */
export async function updateStaffAccount(
  db: Knex,
  councilId: string,
  id: string,
  changes: { name: string; role: Role },
  actor: StaffUser,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; reason: AccountChangeRefusal }> {
  if (id === actor.id && !hasPermission(changes.role, 'staff:manage'))
    return { ok: false, reason: 'own-account' };
  return db.transaction(async (trx) => {
    const row = await lockedRow(trx, councilId, id);
    if (!row) return { ok: false as const, reason: 'not-found' as const };
    const before = toAccount(row);
    const name = changes.name.trim();
    if (name === before.name && changes.role === before.role) return { ok: true as const };
    await trx('staff_users').where({ id }).update({ name, role: changes.role });
    if (name !== before.name)
      await audit(trx, id, 'NAME_CHANGED', status(before), staffActor(actor), now, {
        from: before.name,
        to: name,
      });
    if (changes.role !== before.role)
      await audit(trx, id, 'ROLE_CHANGED', status(before), staffActor(actor), now, {
        from: before.role,
        to: changes.role,
      });
    return { ok: true as const };
  });
}

/**
 * Disables (or enables) an account. Disabling also ends the person's sessions: `requireStaff` refuses a
 * disabled account at once, and the new session version keeps old sessions dead if it is enabled again.
 */
export async function setStaffAccountDisabled(
  db: Knex,
  councilId: string,
  id: string,
  disabled: boolean,
  actor: StaffUser,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; reason: AccountChangeRefusal }> {
  if (id === actor.id) return { ok: false, reason: 'own-account' };
  return db.transaction(async (trx) => {
    const row = await lockedRow(trx, councilId, id);
    if (!row) return { ok: false as const, reason: 'not-found' as const };
    const before = toAccount(row);
    if (before.disabled === disabled) return { ok: true as const };
    await trx('staff_users')
      .where({ id })
      .update({
        disabled,
        ...(disabled ? { session_version: trx.raw('session_version + 1') } : {}),
      });
    await audit(
      trx,
      id,
      disabled ? 'DISABLED' : 'ENABLED',
      disabled ? 'disabled' : 'active',
      staffActor(actor),
      now,
      undefined,
      status(before),
    );
    return { ok: true as const };
  });
}

/**
 * A new one-time password for someone who has forgotten theirs: signs them out everywhere, clears a lock,
 * and makes them choose their own password at the next sign-in.
 */
export async function resetStaffPassword(
  db: Knex,
  councilId: string,
  id: string,
  actor: StaffUser,
  now: Date = new Date(),
): Promise<{ ok: true; oneTimePassword: string } | { ok: false; reason: AccountChangeRefusal }> {
  if (id === actor.id) return { ok: false, reason: 'own-account' };
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  return db.transaction(async (trx) => {
    const row = await lockedRow(trx, councilId, id);
    if (!row) return { ok: false as const, reason: 'not-found' as const };
    await trx('staff_users')
      .where({ id })
      .update({
        password_hash: passwordHash,
        password_change_required: true,
        failed_attempts: 0,
        locked_until: null,
        session_version: trx.raw('session_version + 1'),
      });
    await audit(trx, id, 'PASSWORD_RESET', status(toAccount(row)), staffActor(actor), now);
    return { ok: true as const, oneTimePassword };
  });
}

/**
 * The signed-in person changes their own password. A wrong current password counts towards the lock, so
 * a session left open is no way round it. Other sessions end; the caller keeps this one by storing the
 * returned session version in it.
 */
export async function changeOwnPassword(
  db: Knex,
  user: StaffUser,
  currentPassword: string,
  newPassword: string,
  now: Date = new Date(),
): Promise<{ ok: true; sessionVersion: number } | { ok: false; errors: FieldError[] }> {
  const row = (await db<StaffRow>('staff_users').where({ id: user.id }).first()) as StaffRow | undefined;
  if (!row) throw new Error(`Staff user ${user.id} has gone`);
  const account = toAccount(row);
  const matches =
    currentPassword !== '' &&
    (await withArgon2Memory(() => argon2.verify(row.password_hash, currentPassword)).catch(() => false));
  const errors: FieldError[] = [];
  if (currentPassword === '')
    errors.push({ field: 'currentPassword', href: '#currentPassword', text: 'Enter your current password' });
  else if (!matches || isLocked(account, now)) {
    await recordFailure(db, { id: user.id }, now);
    errors.push({
      field: 'currentPassword',
      href: '#currentPassword',
      text: 'Your current password is incorrect',
    });
  }
  errors.push(...newPasswordErrors(newPassword));
  if (errors.length === 0 && newPassword === currentPassword)
    errors.push({
      field: 'newPassword',
      href: '#newPassword',
      text: 'Your new password must be different from your current password',
    });
  if (errors.length > 0) return { ok: false, errors };
  const passwordHash = await hashPassword(newPassword);
  const sessionVersion = await db.transaction(async (trx) => {
    await trx('staff_users')
      .where({ id: user.id })
      .update({
        password_hash: passwordHash,
        password_change_required: false,
        failed_attempts: 0,
        locked_until: null,
        session_version: trx.raw('session_version + 1'),
      });
    await audit(trx, user.id, 'PASSWORD_CHANGED', status(account), staffActor(user), now);
    const updated = (await trx('staff_users').where({ id: user.id }).first('session_version')) as {
      session_version: number | string;
    };
    return Number(updated.session_version);
  });
  return { ok: true, sessionVersion };
}

/** Ends every session of this person but the caller's (which stores the returned version). */
export async function signOutEverywhere(db: Knex, user: StaffUser, now: Date = new Date()): Promise<number> {
  return db.transaction(async (trx) => {
    await trx('staff_users')
      .where({ id: user.id })
      .update({ session_version: trx.raw('session_version + 1') });
    await audit(trx, user.id, 'SIGNED_OUT_EVERYWHERE', status(user), staffActor(user), now);
    const updated = (await trx('staff_users').where({ id: user.id }).first('session_version')) as {
      session_version: number | string;
    };
    return Number(updated.session_version);
  });
}

/** The audit row every account change writes, for changes made elsewhere (single sign-on). */
export { audit as auditStaffAccount };
