/** The kit's public entry: build the service, or read its configuration. The process itself is in `blue-badge-kit/workflows`. */
export { createApp, type CreateAppOptions, type KitApp, type KitServices } from './app';
export { loadConfig, ConfigError, type Config } from './config';
export { connectDatabase } from './db/connect';
export { migrateToLatest } from './db/migrate';
export { LocalDiskStorage, type EvidenceStorage } from './uploads/storage';
