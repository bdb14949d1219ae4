import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { LetterKind } from '../../workflows/case/letters';
import type { Language } from '../../workflows/forms/fields';

/** A letter as kept on the case (migrations/20261204-030-letters.ts). */
export interface LetterRow {
  id: string;
  case_id: string;
  kind: LetterKind;
  language: Language;
  html: string;
  pdf: Buffer;
  notification_id: string | null;
  created_at: string;
}

export type LetterSummary = Omit<LetterRow, 'html' | 'pdf'>;

export async function insertLetter(trx: Knex.Transaction, letter: Omit<LetterRow, 'id'>): Promise<string> {
  const id = randomUUID();
  await trx('letters').insert({ id, ...letter });
  return id;
}

/** A case's letters, oldest first, without their bodies (for the case page). */
export async function caseLetters(db: Knex, caseId: string): Promise<LetterSummary[]> {
  return (await db('letters')
    .where({ case_id: caseId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select('id', 'case_id', 'kind', 'language', 'notification_id', 'created_at')) as LetterSummary[];
}

/** One letter of one case: undefined for another case's letter, so a reference cannot reach it. */
export async function findLetter(db: Knex, caseId: string, id: string): Promise<LetterRow | undefined> {
  const row = (await db('letters').where({ case_id: caseId, id }).first()) as LetterRow | undefined;
  // PostgreSQL returns bytea as a Buffer; SQLite a Buffer too, but be sure before sending it.
  return row && { ...row, pdf: Buffer.from(row.pdf) };
}
