import type { Knex } from 'knex';
import type { Nation } from '../../workflows/rules/types';

export interface Council {
  id: string;
  name: string;
  nation: Nation;
}

/** The council this instance serves: one per deployment, created on first start from configuration. */
export async function ensureCouncil(db: Knex, council: Council): Promise<Council> {
  const existing = (await db('councils').where({ id: council.id }).first()) as Council | undefined;
  if (existing) {
    if (existing.name !== council.name || existing.nation !== council.nation) {
      await db('councils').where({ id: council.id }).update({ name: council.name, nation: council.nation });
    }
    return council;
  }
  await db('councils').insert({ ...council, created_at: new Date().toISOString() });
  return council;
}

export function councilIdFromName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'council'
  );
}
