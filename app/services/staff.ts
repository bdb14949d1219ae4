import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { Knex } from 'knex';
import { isRole, type Role } from '../../workflows/permissions';

export interface StaffUser {
  id: string;
  councilId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
}

interface StaffRow {
  id: string;
  council_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled: boolean | number;
}

export const MIN_PASSWORD_LENGTH = 12;

function toUser(row: StaffRow): StaffUser {
  if (!isRole(row.role)) throw new Error(`Staff user ${row.id} has an unknown role ${row.role}`);
  return {
    id: row.id,
    councilId: row.council_id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: Boolean(row.disabled),
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function staffAccountProblems(input: {
  email: string;
  name: string;
  role: string;
  password: string;
}): string[] {
  const problems: string[] = [];
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) problems.push('email must be an email address');
  if (input.name.trim() === '' || input.name.length > 200) problems.push('name must be 1 to 200 characters');
  if (!isRole(input.role)) {
    problems.push('role must be one of read-only, assessor, decision-maker, team-manager, administrator');
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return problems;
}

/** argon2id: a slow, memory-hard hash, so a stolen table of hashes is expensive to crack. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function createStaffUser(
  db: Knex,
  input: { councilId: string; email: string; name: string; role: Role; password: string },
): Promise<StaffUser> {
  const row: StaffRow & { created_at: string } = {
    id: randomUUID(),
    council_id: input.councilId,
    email: normaliseEmail(input.email),
    name: input.name.trim(),
    role: input.role,
    password_hash: await hashPassword(input.password),
    disabled: false,
    created_at: new Date().toISOString(),
  };
  await db('staff_users').insert(row);
  return toUser(row);
}

export async function findStaffUser(db: Knex, id: string): Promise<StaffUser | undefined> {
  const row = (await db<StaffRow>('staff_users').where({ id }).first()) as StaffRow | undefined;
  return row ? toUser(row) : undefined;
}

/** The user, if the email and password match an enabled account. Takes the same time for unknown emails. */
export async function verifyStaffCredentials(
  db: Knex,
  email: string,
  password: string,
): Promise<StaffUser | undefined> {
  const row = (await db<StaffRow>('staff_users')
    .where({ email: normaliseEmail(email) })
    .first()) as StaffRow | undefined;
  const hash = row?.password_hash ?? DUMMY_HASH;
  const matches = await argon2.verify(await hash, password).catch(() => false);
  if (!row || !matches || Boolean(row.disabled)) return undefined;
  return toUser(row);
}

// Verified against when the email is unknown, so response time does not reveal which emails exist.
const DUMMY_HASH = hashPassword('not-a-real-password-for-timing-only');
