import path from 'node:path';
import type { CouncilRuleSettings } from '../workflows/rules';
import { NATIONS, type Nation } from '../workflows/rules/types';
import { LOG_LEVELS, type LogLevel } from './logging/logger';
import { packageRoot } from './package-root';

/**
 * Every setting the kit reads from the environment, in one typed, validated place.
 * The README's configuration table documents the same variables: keep them together.
 */
export interface Config {
  /** NODE_ENV=production turns on secure cookies, HSTS and refuses development defaults. */
  production: boolean;
  port: number;
  /** `sqlite://relative/or/absolute/path.sqlite`, `sqlite::memory:` or `postgres://user@host/db`. */
  databaseUrl: string;
  sessionSecret: string;
  uploadDir: string;
  nation: Nation;
  /** Path the service is mounted under, e.g. `/blue-badge`; empty string for the root. */
  basePath: string;
  councilName: string;
  /** The council's target for deciding an application, in weeks (shown on the confirmation page). */
  targetWeeks: number;
  /** The council's choices where the sources disagree (docs/rules.md, "Council settings"). */
  ruleSettings: Partial<CouncilRuleSettings>;
  /** `npm start` seeds demo staff and applications into an empty database (never in production). SEED_DEMO=false turns it off. */
  seedDemo: boolean;
  /** How much the JSON logs say: `info` (a line per request) by default, `silent` under jest. */
  logLevel: LogLevel;
  /** On SIGTERM, how long requests in flight may take to finish before they are cut off (`kit start`). */
  shutdownTimeoutSeconds: number;
  /** Run scheduled jobs in this instance (app/jobs/runner.ts). On SQLite only one process may: RUN_JOBS=false on the rest. */
  runJobs: boolean;
  /** How often the job runner looks for due jobs. */
  jobPollSeconds: number;
  /** Drafts (applications never sent) are deleted this many days after their last change (app/jobs/retention.ts). */
  retentionDraftDays: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The Blue Badge kit cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A fixed secret for development only: production refuses to start without its own. */
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-change-me-0123456789';

export function normaliseBasePath(value: string | undefined): string {
  const trimmed = (value ?? '').trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}")`);
  }

  const databaseUrl =
    env.DATABASE_URL && env.DATABASE_URL.trim() !== ''
      ? env.DATABASE_URL.trim()
      : `sqlite://${path.join(packageRoot(), 'data', 'blue-badge.sqlite')}`;
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with sqlite:// or postgres://');
  }

  let sessionSecret = env.SESSION_SECRET ?? '';
  if (production) {
    if (sessionSecret.length < 32) {
      problems.push('SESSION_SECRET is required in production and must be at least 32 characters long');
    }
  } else if (sessionSecret === '') {
    sessionSecret = DEVELOPMENT_SESSION_SECRET;
  } else if (sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  }

  const nation = (env.COUNCIL_NATION ?? 'england').trim().toLowerCase();
  if (!NATIONS.includes(nation as Nation)) {
    problems.push(`COUNCIL_NATION must be one of ${NATIONS.join(', ')} (got "${env.COUNCIL_NATION}")`);
  }

  const basePath = normaliseBasePath(env.BASE_PATH);
  if (basePath !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    problems.push(`BASE_PATH must be a URL path such as /blue-badge (got "${env.BASE_PATH}")`);
  }

  const seedDemo = !production && env.SEED_DEMO !== 'false';

  const targetWeeks =
    env.TARGET_WEEKS === undefined || env.TARGET_WEEKS === '' ? 12 : Number(env.TARGET_WEEKS);
  if (!Number.isInteger(targetWeeks) || targetWeeks < 1 || targetWeeks > 52) {
    problems.push(`TARGET_WEEKS must be a whole number of weeks from 1 to 52 (got "${env.TARGET_WEEKS}")`);
  }

  const ruleSettings: Partial<CouncilRuleSettings> = {};
  if (env.TERMINAL_ILLNESS_AUTOMATIC !== undefined && env.TERMINAL_ILLNESS_AUTOMATIC !== '') {
    if (!['true', 'false'].includes(env.TERMINAL_ILLNESS_AUTOMATIC)) {
      problems.push('TERMINAL_ILLNESS_AUTOMATIC must be true or false');
    }
    ruleSettings.terminalIllnessAutomatic = env.TERMINAL_ILLNESS_AUTOMATIC === 'true';
  }
  if (env.CHILD_AGE_READING !== undefined && env.CHILD_AGE_READING !== '') {
    if (!['under-3', 'not-more-than-3'].includes(env.CHILD_AGE_READING)) {
      problems.push('CHILD_AGE_READING must be under-3 or not-more-than-3');
    }
    ruleSettings.childAgeReading = env.CHILD_AGE_READING as CouncilRuleSettings['childAgeReading'];
  }

  // Tests stay quiet unless they ask; a test that reads the logs passes its own level and destination.
  const logLevel = (
    env.LOG_LEVEL && env.LOG_LEVEL.trim() !== ''
      ? env.LOG_LEVEL.trim().toLowerCase()
      : env.JEST_WORKER_ID !== undefined
        ? 'silent'
        : 'info'
  ) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }

  const shutdownTimeoutSeconds =
    env.SHUTDOWN_TIMEOUT_SECONDS === undefined || env.SHUTDOWN_TIMEOUT_SECONDS === ''
      ? 10
      : Number(env.SHUTDOWN_TIMEOUT_SECONDS);
  if (
    !Number.isInteger(shutdownTimeoutSeconds) ||
    shutdownTimeoutSeconds < 1 ||
    shutdownTimeoutSeconds > 300
  ) {
    problems.push(
      `SHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 300 (got "${env.SHUTDOWN_TIMEOUT_SECONDS}")`,
    );
  }

  if (env.RUN_JOBS !== undefined && env.RUN_JOBS !== '' && !['true', 'false'].includes(env.RUN_JOBS)) {
    problems.push('RUN_JOBS must be true or false');
  }
  const jobPollSeconds =
    env.JOB_POLL_SECONDS === undefined || env.JOB_POLL_SECONDS === '' ? 5 : Number(env.JOB_POLL_SECONDS);
  if (!Number.isInteger(jobPollSeconds) || jobPollSeconds < 1 || jobPollSeconds > 3600) {
    problems.push(
      `JOB_POLL_SECONDS must be a whole number of seconds from 1 to 3600 (got "${env.JOB_POLL_SECONDS}")`,
    );
  }

  const retentionDraftDays =
    env.RETENTION_DRAFT_DAYS === undefined || env.RETENTION_DRAFT_DAYS === ''
      ? 28
      : Number(env.RETENTION_DRAFT_DAYS);
  if (!Number.isInteger(retentionDraftDays) || retentionDraftDays < 1 || retentionDraftDays > 3650) {
    problems.push(
      `RETENTION_DRAFT_DAYS must be a whole number of days from 1 to 3650 (got "${env.RETENTION_DRAFT_DAYS}")`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    production,
    port,
    databaseUrl,
    sessionSecret,
    uploadDir:
      env.UPLOAD_DIR && env.UPLOAD_DIR !== '' ? env.UPLOAD_DIR : path.join(packageRoot(), 'data', 'uploads'),
    nation: nation as Nation,
    basePath,
    councilName:
      env.COUNCIL_NAME && env.COUNCIL_NAME.trim() !== '' ? env.COUNCIL_NAME.trim() : 'Demo Council',
    seedDemo,
    targetWeeks,
    ruleSettings,
    logLevel,
    shutdownTimeoutSeconds,
    runJobs: env.RUN_JOBS !== 'false',
    jobPollSeconds,
    retentionDraftDays,
  };
}
