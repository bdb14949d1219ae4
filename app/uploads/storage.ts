import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where evidence files live. The kit stores bytes under keys it makes up itself and keeps everything
 * else (who uploaded it, its name, type and size) in the `evidence` table, so a council can swap local
 * disk for S3-compatible object storage by implementing these three calls.
 */
export interface EvidenceStorage {
  /** Stores the bytes and returns the new, generated key. */
  put(content: Readable): Promise<string>;
  /** The bytes of a key, or undefined when there is no such file. */
  get(key: string): Promise<Readable | undefined>;
  /** Removes a key; removing one that is already gone is not an error. */
  delete(key: string): Promise<void>;
  /** Lets go of what it holds (an object store's connections) when the app that made it closes. */
  close?(): void;
}

/** Keys are 32 random hex characters: never a name the uploader chose, so no path tricks are possible. */
const KEY = /^[0-9a-f]{32}$/;

/** Whether a key is one the kit could have made: anything else is never looked up. */
export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

export function newStorageKey(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The default storage: files under UPLOAD_DIR (outside the web root; nothing serves that folder),
 * in folders named by the key's first two characters so no folder grows huge. Folders are created
 * readable by the service's own user only (0700, files 0600). A file is written under a temporary
 * name and renamed into place, so a half-written upload is never visible under its key.
 */
export class LocalDiskStorage implements EvidenceStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!isStorageKey(key)) throw new Error('Not an evidence storage key');
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(content: Readable): Promise<string> {
    const key = newStorageKey();
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${randomBytes(4).toString('hex')}.partial`;
    try {
      await pipeline(content, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }));
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    return key;
  }

  async get(key: string): Promise<Readable | undefined> {
    if (!isStorageKey(key)) return undefined;
    const file = this.pathOf(key);
    try {
      await fs.access(file);
    } catch {
      return undefined;
    }
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    if (!isStorageKey(key)) return;
    await fs.rm(this.pathOf(key), { force: true });
  }
}
