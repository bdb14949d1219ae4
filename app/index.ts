/** The kit's public entry: build the service, or read its configuration. The process itself is in `blue-badge-kit/workflows`. */
export { createApp, type CreateAppOptions, type KitApp, type KitServices } from './app';
export { loadConfig, ConfigError, type Config } from './config';
export { connectDatabase } from './db/connect';
export { migrateToLatest } from './db/migrate';
export { LocalDiskStorage, type EvidenceStorage } from './uploads/storage';
export { S3EvidenceStorage, type S3StorageConfig } from './uploads/s3-storage';
export { scheduleJob, cancelJob, type ScheduledJob, type JobPayload } from './jobs/schedule';
export { JobRunner, type JobHandler, type JobRunnerOptions } from './jobs/runner';
export type { RecurringJob } from './jobs/recurring';
