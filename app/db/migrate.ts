import type { Knex } from 'knex';
import { migrations } from '../../migrations';

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => migrations.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = migrations.find(([candidate]) => candidate === name);
    if (!found) throw new Error(`Unknown migration ${name}`);
    return found[1];
  },
};

export const MIGRATION_CONFIG: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, ran] = (await db.migrate.latest(MIGRATION_CONFIG)) as [number, string[]];
  return ran;
}

/** True when every migration the code knows about has run: `/ready` reports it. */
export async function migrationsAreCurrent(db: Knex): Promise<boolean> {
  const [, pending] = (await db.migrate.list(MIGRATION_CONFIG)) as [unknown[], unknown[]];
  return pending.length === 0;
}
