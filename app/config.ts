import path from 'node:path';
import type { CouncilRuleSettings } from '../workflows/rules';
import { NATIONS, type Nation } from '../workflows/rules/types';
import { readSsoConfig, type SsoConfig } from './config-sso';
import { readStorageConfig, type EvidenceStorageConfig } from './config-storage';
import {
  applyCouncilOverrides,
  crossCheckProblems,
  defaultCouncilSettings,
  readCouncilSettingsFile,
  type CouncilSettings,
} from './council-settings';
import { LOG_LEVELS, type LogLevel } from './logging/logger';
import { notifyProblems } from './notifications/settings';
import { paymentProblems } from './payments/create';
import { packageRoot } from './package-root';

/**
 * Every setting the kit reads from the environment and the council's settings file, in one typed,
 * validated place. The README's configuration table documents the variables, docs/council-settings.md
 * the file.
 */
export interface Config {
  /**
   * The council's settings (council.json, app/council-settings.ts), with the environment's overrides.
   * The one source of truth: `nation`, `councilName`, `targetWeeks` and `ruleSettings` below are copies
   * of it, kept for code and hosts that read them.
   */
  council: CouncilSettings;
  /** The settings file in force, if there was one. */
  councilSettingsFile?: string;
  /** Whether each secret the kit knows of is set, never its value: the staff settings page shows it. */
  secretsSet: Record<SecretVariable, boolean>;
  /** NODE_ENV=production turns on secure cookies, HSTS and refuses development defaults. */
  production: boolean;
  port: number;
  /** `sqlite://relative/or/absolute/path.sqlite`, `sqlite::memory:` or `postgres://user@host/db`. */
  databaseUrl: string;
  sessionSecret: string;
  /** Where evidence files are kept on local disk (EVIDENCE_STORAGE=disk, the default). */
  uploadDir: string;
  /** Local disk, or S3-compatible object storage (EVIDENCE_STORAGE, S3_*: app/config-storage.ts). */
  evidenceStorage: EvidenceStorageConfig;
  /** = council.council.nation */
  nation: Nation;
  /** Path the service is mounted under, e.g. `/blue-badge`; empty string for the root. */
  basePath: string;
  /** = council.council.name */
  councilName: string;
  /** = council.targets.decisionWeeks: the target for deciding an application, in weeks. */
  targetWeeks: number;
  /** = council.rules: the council's choices where the sources disagree (docs/rules.md). */
  ruleSettings: Partial<CouncilRuleSettings>;
  /**
   * Failed staff sign-ins allowed from one network address in 15 minutes before it must wait
   * (STAFF_SIGN_IN_FAILURES). Generous by default: a whole council office may share one address.
   */
  staffSignInFailures: number;
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
  /** = council.retention.abandonedDraftDays (RETENTION_DRAFT_DAYS overrides it): drafts are deleted this many days after their last change. */
  retentionDraftDays: number;
  /** Single sign-on for staff (OIDC_* variables, app/config-sso.ts); undefined when not set up. */
  sso?: SsoConfig;
  /** NOTIFY_API_KEY: needed when `council.notifications.provider` is `notify`. */
  notifyApiKey?: string;
  /** GOV.UK Notify's API address; its client's default (the live API) unless set (tests, a stand-in). */
  notifyBaseUrl?: string;
  /**
   * SERVICE_URL: the address residents reach the service at (scheme and host, e.g. https://badges.example.gov.uk),
   * for links in emails. Required when emails go through GOV.UK Notify; otherwise (emails only logged, in
   * development) links are relative, or taken from the request's Host where there is one.
   */
  serviceUrl?: string;
  /** PAY_API_KEY: the council's GOV.UK Pay API key, needed when `fee.onlinePayment` is true. */
  payApiKey?: string;
  /** PAY_BASE_URL: GOV.UK Pay's API address; the live API unless set (tests, a stand-in). */
  payBaseUrl?: string;
}

/** Secrets live only in the environment; these are the ones the kit (or its next features) reads. */
export const SECRET_VARIABLES = [
  'SESSION_SECRET',
  'OIDC_CLIENT_SECRET',
  'NOTIFY_API_KEY',
  'PAY_API_KEY',
] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** The copies of council settings that Config keeps beside `council`. */
export function councilFields(council: CouncilSettings) {
  return {
    nation: council.council.nation,
    councilName: council.council.name,
    targetWeeks: council.targets.decisionWeeks,
    ruleSettings: { ...council.rules },
    retentionDraftDays: council.retention.abandonedDraftDays,
  };
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

  // The settings file first; the older environment variables below override it where set.
  const file = readCouncilSettingsFile(env.COUNCIL_SETTINGS_FILE);
  if (!file.ok) problems.push(...file.problems);
  const fromFile = file.ok ? file.settings : defaultCouncilSettings();

  const nation =
    env.COUNCIL_NATION === undefined || env.COUNCIL_NATION.trim() === ''
      ? undefined
      : env.COUNCIL_NATION.trim().toLowerCase();
  if (nation !== undefined && !NATIONS.includes(nation as Nation)) {
    problems.push(`COUNCIL_NATION must be one of ${NATIONS.join(', ')} (got "${env.COUNCIL_NATION}")`);
  }

  const basePath = normaliseBasePath(env.BASE_PATH);
  if (basePath !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    problems.push(`BASE_PATH must be a URL path such as /blue-badge (got "${env.BASE_PATH}")`);
  }

  const seedDemo = !production && env.SEED_DEMO !== 'false';

  const targetWeeks =
    env.TARGET_WEEKS === undefined || env.TARGET_WEEKS === '' ? undefined : Number(env.TARGET_WEEKS);
  if (targetWeeks !== undefined && (!Number.isInteger(targetWeeks) || targetWeeks < 1 || targetWeeks > 52)) {
    problems.push(`TARGET_WEEKS must be a whole number of weeks from 1 to 52 (got "${env.TARGET_WEEKS}")`);
  }

  const staffSignInFailures =
    env.STAFF_SIGN_IN_FAILURES === undefined || env.STAFF_SIGN_IN_FAILURES === ''
      ? 50
      : Number(env.STAFF_SIGN_IN_FAILURES);
  if (!Number.isInteger(staffSignInFailures) || staffSignInFailures < 1 || staffSignInFailures > 10_000) {
    problems.push(
      `STAFF_SIGN_IN_FAILURES must be a whole number from 1 to 10000 (got "${env.STAFF_SIGN_IN_FAILURES}")`,
    );
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

  // Overrides `retention.abandonedDraftDays` in the settings file (it predates the file's retention section).
  const retentionDraftDays =
    env.RETENTION_DRAFT_DAYS === undefined || env.RETENTION_DRAFT_DAYS === ''
      ? undefined
      : Number(env.RETENTION_DRAFT_DAYS);
  if (
    retentionDraftDays !== undefined &&
    (!Number.isInteger(retentionDraftDays) || retentionDraftDays < 1 || retentionDraftDays > 3650)
  ) {
    problems.push(
      `RETENTION_DRAFT_DAYS must be a whole number of days from 1 to 3650 (got "${env.RETENTION_DRAFT_DAYS}")`,
    );
  }

  const sso = readSsoConfig(env, production, problems);
  const evidenceStorage = readStorageConfig(env, production, problems);

  const council = applyCouncilOverrides(fromFile, {
    nation: nation as Nation | undefined,
    councilName: env.COUNCIL_NAME?.trim() || undefined,
    targetWeeks,
    ruleSettings,
    retentionDraftDays,
  });
  // An override can break a check the file passed (COUNCIL_NATION=wales with a fee, say).
  if (problems.length === 0)
    problems.push(...crossCheckProblems(council).map((p) => `${p}, with the environment's overrides`));
  const notifyApiKey = env.NOTIFY_API_KEY?.trim() || undefined;
  problems.push(...notifyProblems(council, notifyApiKey));
  const payApiKey = env.PAY_API_KEY?.trim() || undefined;
  problems.push(...paymentProblems(council, payApiKey));
  const payBaseUrl = env.PAY_BASE_URL?.trim() || undefined;

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

  const serviceUrl = serviceUrlFrom(env.SERVICE_URL, problems);
  // Emails are read outside the service, and a reminder is sent by a timer with no request to take an
  // address from: their links (reply to a request for information, come back to a saved application) must
  // be whole addresses.
  if (council.notifications.provider === 'notify' && !serviceUrl) {
    problems.push(
      'SERVICE_URL must be set when notifications.provider is notify: links in emails need the whole address (e.g. https://badges.example.gov.uk)',
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
    evidenceStorage,
    basePath,
    seedDemo,
    council,
    councilSettingsFile: file.ok ? file.file : undefined,
    ...councilFields(council),
    secretsSet: Object.fromEntries(
      SECRET_VARIABLES.map((name) => [name, (env[name] ?? '') !== '']),
    ) as Record<SecretVariable, boolean>,
    sso,
    staffSignInFailures,
    logLevel,
    shutdownTimeoutSeconds,
    runJobs: env.RUN_JOBS !== 'false',
    jobPollSeconds,
    notifyApiKey,
    serviceUrl,
    payApiKey,
    payBaseUrl,
  };
}

/** SERVICE_URL as an origin (no path: BASE_PATH adds that), or undefined when unset. */
function serviceUrlFrom(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/') return url.origin;
  } catch {
    // reported below
  }
  problems.push(
    `SERVICE_URL must be an http or https address with no path, like https://badges.example.gov.uk (got "${value}")`,
  );
  return undefined;
}
