#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import express from 'express';
import type { Knex } from 'knex';
import { isRole } from '../workflows/permissions';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { connectDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { WorkflowStore } from './engine/workflow-store';
import { describeMigration, migrateOpenInstances } from './engine/migrate-workflow';
import { isWorkflowKind, WORKFLOWS } from '../workflows/registry';
import { councilIdFromName, ensureCouncil } from './services/councils';
import { demoSignInHelp, seedDemoData } from './services/demo';
import { createEffects } from './services/effects';
import { EvidenceStore } from './uploads/evidence';
import { LocalDiskStorage } from './uploads/storage';
import { closeGracefully } from './shutdown';
import { createStaffUser, normaliseEmail, staffAccountProblems } from './services/staff';

const USAGE = `Usage: npm run kit -- <command>

Commands:
  start                                   migrate, seed demo data (outside production) and serve on PORT
  migrate                                 bring the database schema up to date
  create-staff --email E --name N --role R
                                          add a staff account; the password comes from STAFF_PASSWORD
                                          or is read from standard input
                                          roles: read-only, assessor, decision-maker, team-manager, administrator
  migrate-workflow <workflow> --to N [--dry-run]
                                          move open instances of a workflow onto version N
                                          (docs/process/CHANGELOG.md); --dry-run reports and changes nothing
  seed-demo                               add demo staff and applications to an empty database (not in production)
`;

/** Runs one command; returns the process exit code. Exported so the tests drive it in-process. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig(env);
  switch (command) {
    case 'start':
      return start();
    case 'migrate': {
      const db = connectDatabase(config.databaseUrl);
      try {
        const ran = await migrateToLatest(db);
        console.log(
          ran.length === 0
            ? 'The database is up to date.'
            : `Ran ${ran.length} migration(s): ${ran.join(', ')}`,
        );
      } finally {
        await db.destroy();
      }
      return 0;
    }
    case 'create-staff': {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
      });
      const password = env.STAFF_PASSWORD ?? (await readPassword());
      const input = { email: values.email ?? '', name: values.name ?? '', role: values.role ?? '', password };
      const problems = staffAccountProblems(input);
      if (problems.length > 0 || !isRole(input.role)) {
        console.error(`Cannot create the staff account:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
        return 2;
      }
      const role = input.role;
      return withCouncilDatabase(async (db, councilId) => {
        const exists = await db('staff_users')
          .where({ email: normaliseEmail(input.email) })
          .first('id');
        if (exists) {
          console.error(`A staff account with the email ${input.email} already exists.`);
          return 2;
        }
        const user = await createStaffUser(db, { ...input, role, councilId });
        console.log(`Created ${user.role} account for ${user.email}.`);
        return 0;
      });
    }
    case 'migrate-workflow': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { to: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      });
      const kind = positionals[0] ?? '';
      const to = Number(values.to);
      if (!isWorkflowKind(kind) || !Number.isInteger(to)) {
        console.error(
          `Usage: npm run kit -- migrate-workflow <${Object.keys(WORKFLOWS).join('|')}> --to N [--dry-run]`,
        );
        return 2;
      }
      const db = connectDatabase(config.databaseUrl);
      try {
        await migrateToLatest(db);
        const store = new WorkflowStore(db, createEffects());
        if (!store.machineFor(kind, to)) {
          console.error(`The ${kind} workflow has no version ${to} in this kit.`);
          return 2;
        }
        const dryRun = values['dry-run'] === true;
        const report = await migrateOpenInstances(store, kind, to, { dryRun });
        console.log(describeMigration(kind, to, report, dryRun));
        return report.refused.length > 0 ? 1 : 0;
      } finally {
        await db.destroy();
      }
    }
    case 'seed-demo': {
      if (config.production) {
        console.error('Demo data is never created when NODE_ENV=production.');
        return 2;
      }
      return withCouncilDatabase(async (db, councilId) => {
        const seeded = await seedDemoData(
          db,
          new WorkflowStore(db, createEffects()),
          councilId,
          config.nation,
          new EvidenceStore(db, new LocalDiskStorage(config.uploadDir)),
        );
        console.log(
          seeded
            ? demoSignInHelp(`http://localhost:${config.port}${config.basePath}`)
            : 'The database already has staff accounts; nothing was added.',
        );
        return 0;
      });
    }
    default:
      console.error(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }

  /** Opens the database, brings it up to date and makes sure this council exists, then runs `task`. */
  async function withCouncilDatabase(
    task: (db: Knex, councilId: string) => Promise<number>,
  ): Promise<number> {
    const db = connectDatabase(config.databaseUrl);
    try {
      await migrateToLatest(db);
      const councilId = councilIdFromName(config.councilName);
      await ensureCouncil(db, { id: councilId, name: config.councilName, nation: config.nation });
      return await task(db, councilId);
    } finally {
      await db.destroy();
    }
  }

  async function start(): Promise<number> {
    const app = await createApp({ seedDemo: config.seedDemo });
    const server = hostFor(app, config).listen(config.port, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const url = `http://localhost:${port}${config.basePath}`;
      console.log(`Blue Badge service for ${config.councilName} (${config.nation}) at ${url}/apply`);
      if (!config.production && config.seedDemo) console.log(demoSignInHelp(url));
    });
    // SIGTERM (an orchestrator replacing this instance) or Ctrl-C: take no new connections, let the
    // requests in flight finish, then stop the job runner, close the database and exit 0 (1 if some had to be cut off).
    const stop = async (signal: string) => {
      const { logger } = app.kit;
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      const outcome = await closeGracefully(server, config.shutdownTimeoutSeconds * 1000);
      await app.kit.close();
      logger.info({ outcome }, 'stopped');
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
      process.exit(outcome === 'finished' ? 0 : 1);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
    return 0;
  }
}

/**
 * The kit serves requests itself unless it lives under a base path: then a host app mounts it there and
 * sends `/` to it. Mounting costs every request two prototype swaps (Express's sub-app hand-over), which
 * make V8's property caches on requests and responses megamorphic, so it is done only when needed.
 */
function hostFor(app: express.Express, config: Config): express.Express {
  if (!config.basePath) return app;
  const host = express();
  host.disable('x-powered-by');
  if (config.production) host.set('trust proxy', 1);
  host.get('/', (_req, res) => res.redirect(303, config.basePath));
  host.use(config.basePath, app);
  return host;
}

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0 || process.argv[2] !== 'start') process.exit(code);
    },
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(1);
    },
  );
}
