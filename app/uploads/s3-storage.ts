import { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import { isStorageKey, newStorageKey, type EvidenceStorage } from './storage';

let sdk: typeof S3 | undefined;

/**
 * The AWS SDK is loaded only by a kit that stores in S3: loading it took 60–90 ms and 20 MB of resident
 * memory (measured on the benchmark machine), which a kit keeping its files on disk need not pay.
 * `require`, not `import()`, as app/uploads/load-sharp.ts says.
 */
function loadSdk(): typeof S3 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk ??= require('@aws-sdk/client-s3') as typeof S3;
  return sdk;
}

/** Where evidence goes in S3 or an S3-compatible object store (EVIDENCE_STORAGE=s3; app/config-storage.ts). */
export interface S3StorageConfig {
  bucket: string;
  /** Keys are stored as `<prefix>/<key>`, so one bucket can hold several services' files; '' for none. */
  prefix: string;
  region: string;
  /**
   * An S3-compatible service's address (MinIO, Ceph, a cloud's own): path-style addressing, and checksums
   * only where an operation needs one, as such services expect. Unset: Amazon S3 itself.
   */
  endpoint?: string;
}

/**
 * Evidence in object storage, so every instance of the kit sees every file without a shared volume. The
 * bytes go under the kit's own random keys (never a name the uploader chose), as on disk; credentials come
 * from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a web identity token, an
 * instance or task role), never from the settings. The bucket should block public access and encrypt at
 * rest (S3 does by default); docs/deploying.md says how deletion and versioning meet the retention rules.
 */
export class S3EvidenceStorage implements EvidenceStorage {
  private readonly sdk = loadSdk();
  private readonly client: S3.S3Client;

  constructor(
    private readonly config: S3StorageConfig,
    /** Tests pass the stand-in's credentials; otherwise the SDK's default chain. */
    clientOptions: Partial<S3.S3ClientConfig> = {},
  ) {
    this.client = new this.sdk.S3Client({
      region: config.region,
      ...(config.endpoint
        ? {
            endpoint: config.endpoint,
            forcePathStyle: true,
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
          }
        : {}),
      ...clientOptions,
    });
  }

  private objectKey(key: string): string {
    return this.config.prefix ? `${this.config.prefix}/${key}` : key;
  }

  async put(content: Readable): Promise<string> {
    const key = newStorageKey();
    // Uploads are at most 10 MB and already in memory (app/uploads/multipart.ts): sent whole, with their length.
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    await this.client.send(
      new this.sdk.PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.objectKey(key),
        Body: body,
        ContentLength: body.length,
        ContentType: 'application/octet-stream',
      }),
    );
    return key;
  }

  async get(key: string): Promise<Readable | undefined> {
    if (!isStorageKey(key)) return undefined;
    try {
      const object = await this.client.send(
        new this.sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }),
      );
      return object.Body instanceof Readable ? object.Body : undefined;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    if (!isStorageKey(key)) return;
    // S3 answers a delete of a key that is already gone as a success, as EvidenceStorage asks.
    await this.client.send(
      new this.sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }),
    );
  }

  close(): void {
    this.client.destroy();
  }
}
