import express from 'express';
import type { Knex } from 'knex';
import type { DestinationStream } from 'pino';
import { ConfigError, councilFields, loadConfig, normaliseBasePath, type Config } from './config';
import { applyCouncilOverrides, crossCheckProblems, parseCouncilSettings } from './council-settings';
import { connectDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import type { KnexSessionStore } from './db/session-store';
import { WorkflowStore } from './engine/workflow-store';
import { WORKFLOW_TIMER_JOB, workflowTimerHandler } from './engine/timers';
import { createEligibilityApi } from './api/eligibility-api';
import { createReferenceApi } from './api/reference-api';
import { processCommentRoutes } from './routes/process-comments';
import { setUpCsrf } from './middleware/csrf';
import { setUpLanguage } from './middleware/language';
import { createTranslations, type Translations } from './i18n';
import { errorHandler, notFound } from './middleware/errors';
import { housekeepingJobs } from './jobs/housekeeping';
import { DELETE_FILES_JOB, deleteFilesJob } from './data-protection/delete-records';
import { JobRunner, type JobRunnerOptions } from './jobs/runner';
import { createLogger, type Logger } from './logging/logger';
import { requestLogging } from './middleware/request-log';
import { noStore, setUpWebSecurity } from './middleware/security';
import { setUpSessions } from './middleware/session';
import { applyRoutes, journeyFees, replaceRoutes } from './routes/apply';
import { assetRoutes } from './routes/assets';
import { healthRoutes } from './routes/health';
import { processRoutes } from './routes/process';
import { progressRoutes } from './routes/progress';
import { moreInformationRoutes } from './routes/more-information';
import { REPLY_PATH } from './services/information-requests';
import { returnRoutes } from './routes/return';
import { sessionTimeoutRoutes } from './routes/session-timeout';
import { SavedApplications } from './services/saved-applications';
import { staffRoutes } from './routes/staff';
import { councilIdFromName, ensureCouncil } from './services/councils';
import { seedDemoData } from './services/demo';
import { createEffects } from './services/effects';
import { letterSettings } from './letters/settings';
import { createNotifications } from './notifications/create';
import { notifyProblems } from './notifications/settings';
import type { OutboxDelivery } from './notifications/outbox';
import { setUpNunjucks } from './views/nunjucks';
import { EvidenceStore } from './uploads/evidence';
import { multipartForms } from './uploads/multipart';
import { LocalDiskStorage, type EvidenceStorage } from './uploads/storage';
import { S3EvidenceStorage } from './uploads/s3-storage';
import { createPayments, paymentProblems } from './payments/create';
import { paymentHandover } from './payments/handover';
import { reconcilePayments } from './payments/reconcile';
import type { Payments } from './payments/payments';

export interface CreateAppOptions extends Partial<Omit<Config, 'basePath' | 'council' | 'evidenceStorage'>> {
  /**
   * Council settings in the settings file's shape (docs/council-settings.md), instead of the file;
   * keys left out take their defaults. `nation`, `councilName`, `targetWeeks` and `ruleSettings`
   * override them.
   */
  council?: unknown;
  /** The path the host mounts the kit under, e.g. `/blue-badge`. Every link and redirect carries it. */
  mountPath?: string;
  /** An existing knex instance (tests, or a host that shares one); otherwise one is made from databaseUrl. */
  db?: Knex;
  /** Run migrations on start (default true). */
  migrate?: boolean;
  /** Where unexpected errors are reported; the default writes them to the JSON log with the request id. */
  logError?: (error: unknown, req?: express.Request) => void;
  /** Where the JSON log lines go (default standard output): a host's log shipper, or a test reading them. */
  logDestination?: DestinationStream;
  clock?: () => Date;
  /** How often undelivered emails are retried by the job runner (default a minute; 0: only just after commit). */
  notificationRetryMs?: number;
  /**
   * Where evidence files are kept (an `S3EvidenceStorage`, say); by default what EVIDENCE_STORAGE says:
   * local disk under `uploadDir`, or S3.
   */
  evidenceStorage?: EvidenceStorage;
  /** How the fee is taken online; the default is GOV.UK Pay with `payApiKey` when `fee.onlinePayment`, else pay later. */
  payments?: Payments;
  /** Job handlers by kind (a workflow's timers), and runner settings; RUN_JOBS and JOB_POLL_SECONDS set the rest. */
  jobs?: Omit<JobRunnerOptions, 'logger' | 'recurring'>;
}

export interface KitServices {
  config: Config;
  db: Knex;
  store: WorkflowStore;
  sessions: KnexSessionStore;
  councilId: string;
  translations: Translations;
  /** The email outbox's delivery: `idle()` waits for sending in progress. */
  notifications: OutboxDelivery;
  evidence: EvidenceStore;
  /** The kit's JSON logger (personal data masked): app/logging/logger.ts. */
  logger: Logger;
  /** Runs scheduled work (app/jobs/), started unless runJobs is false; arm a job with scheduleJob(trx, …). */
  jobs: JobRunner;
  /** Stops the job runner, then closes the database connections the kit opened. */
  close(): Promise<void>;
}

export type KitApp = express.Express & { kit: KitServices };

/**
 * Builds the Blue Badge service as an Express app a council can run alone or mount in its own server:
 *   host.use('/blue-badge', await createApp({ databaseUrl, sessionSecret, mountPath: '/blue-badge' }))
 * Options not given come from the environment (see app/config.ts and the README).
 */
export async function createApp(options: CreateAppOptions = {}): Promise<KitApp> {
  const fromEnv = loadConfig();
  const mountPath = normaliseBasePath(options.mountPath ?? fromEnv.basePath);
  const {
    db: _db,
    migrate: _migrate,
    logError: _logError,
    logDestination: _logDestination,
    jobs: _jobs,
    clock: _clock,
    mountPath: _mountPath,
    notificationRetryMs: _notificationRetryMs,
    evidenceStorage: _evidenceStorage,
    payments: _payments,
    ...settings
  } = options;
  const { council: councilOption, ...flat } = settings;
  const config: Config = { ...fromEnv, ...definedOnly(flat), basePath: mountPath };
  config.council = councilSettingsFor(fromEnv, councilOption, definedOnly(flat));
  Object.assign(config, councilFields(config.council));
  if (config.production && config.sessionSecret.length < 32) {
    throw new Error('sessionSecret must be at least 32 characters in production');
  }
  // Before any connection is opened, so a refused start leaves nothing running.
  const notifyConfigProblems = notifyProblems(config.council, config.notifyApiKey);
  if (notifyConfigProblems.length > 0) throw new ConfigError(notifyConfigProblems);
  const paymentConfigProblems = options.payments ? [] : paymentProblems(config.council, config.payApiKey);
  if (paymentConfigProblems.length > 0) throw new ConfigError(paymentConfigProblems);

  const logger = createLogger({ level: config.logLevel, destination: options.logDestination });
  const ownsDb = !options.db;
  const db = options.db ?? connectDatabase(config.databaseUrl);
  if (options.migrate !== false) await migrateToLatest(db);
  const councilId = councilIdFromName(config.councilName);
  await ensureCouncil(db, { id: councilId, name: config.councilName, nation: config.nation });

  const logError =
    options.logError ??
    ((error: unknown, req?: express.Request) =>
      (req?.log ?? logger).error({ err: error }, 'unexpected error'));
  const notifications = createNotifications({ config, db, clock: options.clock, logError });
  const letters = letterSettings(config);
  const store = new WorkflowStore(
    db,
    createEffects({
      emails: notifications.emails,
      letters,
      linkBase: `${config.serviceUrl ?? ''}${mountPath}`,
    }),
    options.clock,
  );
  const ownsStorage = !options.evidenceStorage;
  const storage = options.evidenceStorage ?? evidenceStorageFor(config);
  const evidence = new EvidenceStore(db, storage);
  // Only when asked (the CLI's `start` asks outside production): an embedding host gets no surprise data.
  if (options.seedDemo === true && !config.production)
    await seedDemoData(db, store, councilId, config.nation, evidence);
  const app = express() as KitApp;
  app.disable('x-powered-by');
  // No ETag from hashing each body: pages and API answers are never stored (no-store), so a conditional
  // request never comes; the reference API sets its own (app/api/reference-api.ts), assets theirs.
  app.set('etag', false);
  if (config.production) app.set('trust proxy', 1);
  // First, so every response carries a request id and every line logged while serving it does too.
  app.use(requestLogging(app, logger));

  setUpWebSecurity(app, { production: config.production });
  app.use(healthRoutes(db));
  // Stateless JSON: before sessions and CSRF, which it neither needs nor should create.
  app.use(createEligibilityApi({ settings: config.ruleSettings }));
  app.use(createReferenceApi());
  app.use(assetRoutes(mountPath));
  const translations = createTranslations();
  setUpNunjucks(app, { production: config.production, mountPath, translations });
  app.locals.councilName = config.councilName;
  app.locals.targetWeeks = config.targetWeeks;

  app.use(noStore);
  const sessions = setUpSessions(app, {
    db,
    secret: config.sessionSecret,
    production: config.production,
    mountPath,
  });
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  // Upload forms: their fields (the CSRF token among them) are parsed before the CSRF check below.
  app.use(multipartForms());
  setUpLanguage(app, translations);
  setUpCsrf(app);
  app.use((req, res, next) => {
    res.locals.currentPath = `${mountPath}${req.path}`;
    res.locals.staffSignedIn = Boolean(req.session.staffUserId);
    next();
  });

  app.get('/', (_req, res) => res.redirect(303, `${mountPath}/apply`));
  const payments =
    options.payments ??
    createPayments({ settings: config.council, apiKey: config.payApiKey, baseUrl: config.payBaseUrl });
  const citizen = {
    store,
    evidence,
    mountPath,
    councilId,
    nation: config.nation,
    ruleSettings: config.ruleSettings,
    saveAndReturn: {
      db,
      saved: new SavedApplications(db, config.sessionSecret, config.retentionDraftDays),
      emails: notifications.emails,
      serviceUrl: config.serviceUrl,
    },
    fees: journeyFees(config.council.fee, payments.online),
    contact: config.council.council,
  };
  const handovers = { payment: paymentHandover({ payments, logError }) };
  app.use('/apply', applyRoutes({ ...citizen, handovers }));
  app.use('/replace', replaceRoutes({ ...citizen, handovers }));
  app.use('/return', returnRoutes({ ...citizen.saveAndReturn, mountPath, now: () => store.now() }));
  app.use(sessionTimeoutRoutes());
  app.use(
    REPLY_PATH,
    moreInformationRoutes({ db, store, evidence, councilName: config.councilName, mountPath }),
  );
  app.use('/check-progress', progressRoutes({ db, councilId, now: () => new Date(store.now()) }));
  app.use(
    '/process',
    processRoutes({
      db,
      mountPath,
      publicMaps: config.council.process.publicMaps,
      targets: config.council.targets,
    }),
  );
  const sso = config.sso && { config: config.sso, councilId, councilName: config.councilName };
  app.use(
    '/staff',
    staffRoutes({
      db,
      store,
      mountPath,
      translations,
      sso,
      logError,
      config,
      citizen,
      signInFailures: config.staffSignInFailures,
    }),
  );

  app.use(
    '/process',
    processCommentRoutes({
      db,
      councilId,
      mountPath,
      translations,
      publicComments: config.council.processComments.public,
      now: () => store.now(),
    }),
  );

  app.use(notFound);
  app.use(errorHandler(logError, translations));

  // Emails not delivered just after commit (a failure, or a previous run that stopped) are retried by a job.
  const retryMs = options.notificationRetryMs ?? 60_000;
  const jobs = new JobRunner(db, {
    pollMs: config.jobPollSeconds * 1000,
    clock: options.clock,
    ...options.jobs,
    // Statecharts' delayed transitions (app/engine/timers.ts) and evidence-file deletions, with any handlers the host adds.
    handlers: {
      [WORKFLOW_TIMER_JOB]: workflowTimerHandler(store),
      [DELETE_FILES_JOB]: deleteFilesJob(evidence.storage),
      ...options.jobs?.handlers,
    },
    recurring: [
      ...housekeepingJobs(config),
      ...(retryMs > 0 ? [notifications.delivery.retryJob(retryMs)] : []),
    ],
    logger,
  });
  if (config.runJobs) jobs.start();
  // Payments nobody came back from, checked with the provider every 5 minutes (app/payments/reconcile.ts).
  let reconciling: Promise<unknown> | undefined;
  const reconcileTimer =
    config.runJobs && payments.online
      ? setInterval(() => {
          reconciling ??= reconcilePayments({ db, store, payments, now: new Date(store.now()), logError })
            .catch(logError)
            .finally(() => (reconciling = undefined));
        }, 5 * 60_000).unref()
      : undefined;

  app.kit = {
    config,
    db,
    store,
    sessions,
    councilId,
    translations,
    notifications: notifications.delivery,
    evidence,
    logger,
    jobs,
    close: async () => {
      clearInterval(reconcileTimer);
      await reconciling;
      await jobs.stop();
      await notifications.delivery.idle();
      if (ownsStorage) storage.close?.();
      if (ownsDb) await db.destroy();
    },
  };
  return app;
}

/** Evidence on local disk, or in S3-compatible object storage (EVIDENCE_STORAGE=s3: app/config-storage.ts). */
function evidenceStorageFor(config: Config): EvidenceStorage {
  const { evidenceStorage: where } = config;
  if (where.kind === 'disk') return new LocalDiskStorage(config.uploadDir);
  const { kind: _kind, ...s3 } = where;
  return new S3EvidenceStorage(s3);
}

/** The settings file's (or the `council` option's), with the options that override them applied. */
function councilSettingsFor(fromEnv: Config, councilOption: unknown, flat: Partial<Config>) {
  let base = fromEnv.council;
  if (councilOption !== undefined) {
    const parsed = parseCouncilSettings(councilOption);
    if (!parsed.ok) throw new ConfigError(parsed.problems.map((p) => `council option: ${p}`));
    base = parsed.settings;
  }
  const council = applyCouncilOverrides(base, flat);
  const problems = crossCheckProblems(council);
  if (problems.length > 0) throw new ConfigError(problems);
  return council;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
