import { isHttpUrl } from './config-sso';
import type { S3StorageConfig } from './uploads/s3-storage';

/**
 * Where evidence files are kept, read from the environment: local disk under UPLOAD_DIR (the default: one
 * instance, or several sharing a volume), or S3-compatible object storage (EVIDENCE_STORAGE=s3), which
 * several instances share without one. The README's configuration table documents the same variables.
 */
export type EvidenceStorageConfig = { kind: 'disk' } | ({ kind: 's3' } & S3StorageConfig);

/** AWS's London region: where a UK council's files stay unless it says otherwise. */
export const DEFAULT_S3_REGION = 'eu-west-2';

/** S3 bucket names: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A prefix is one or more path segments of plain characters, with no leading or trailing slash. */
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const S3_VARIABLES = ['S3_BUCKET', 'S3_PREFIX', 'S3_REGION', 'S3_ENDPOINT'] as const;

export function readStorageConfig(
  env: NodeJS.ProcessEnv,
  production: boolean,
  problems: string[],
): EvidenceStorageConfig {
  const kind = (env.EVIDENCE_STORAGE ?? '').trim() || 'disk';
  if (kind !== 's3') {
    if (kind !== 'disk') problems.push(`EVIDENCE_STORAGE must be disk or s3 (got "${env.EVIDENCE_STORAGE}")`);
    const stray = S3_VARIABLES.filter((key) => env[key]);
    if (stray.length > 0) problems.push(`${stray.join(', ')} set but EVIDENCE_STORAGE is not s3: set it too`);
    return { kind: 'disk' };
  }
  const bucket = (env.S3_BUCKET ?? '').trim();
  if (!BUCKET.test(bucket) || bucket.includes('..'))
    problems.push(
      `S3_BUCKET must be a bucket name (3 to 63 lower-case letters, digits, dots and hyphens) (got "${bucket}")`,
    );
  const prefix = (env.S3_PREFIX ?? '').trim();
  if (
    prefix !== '' &&
    (!PREFIX.test(prefix) || prefix.split('/').some((part) => part === '.' || part === '..'))
  )
    problems.push(
      `S3_PREFIX must be folder names of letters, digits, dots, hyphens and underscores separated by /, with no / at either end (got "${prefix}")`,
    );
  const region = (env.S3_REGION ?? '').trim() || (env.AWS_REGION ?? '').trim() || DEFAULT_S3_REGION;
  if (!REGION.test(region)) problems.push(`S3_REGION must be a region such as eu-west-2 (got "${region}")`);
  const endpoint = (env.S3_ENDPOINT ?? '').trim() || undefined;
  if (endpoint !== undefined && !isServiceUrl(endpoint, production)) {
    problems.push(
      `S3_ENDPOINT must be ${production ? 'an https URL' : 'an http or https URL'} with no path, such as https://objects.example.gov.uk (got "${endpoint}")`,
    );
  }
  return { kind: 's3', bucket, prefix, region, ...(endpoint ? { endpoint } : {}) };
}

/** The address of a service, with nothing after its host and port. */
function isServiceUrl(value: string, production: boolean): boolean {
  if (!isHttpUrl(value, production)) return false;
  const url = new URL(value);
  return url.pathname === '/' && !url.search && !url.username;
}
