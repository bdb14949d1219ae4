import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type { EvidenceType, UploadSection } from '../../workflows/journey/pages';
import {
  detectContentType,
  EXTENSIONS,
  isImage,
  pdfLooksComplete,
  type EvidenceContentType,
} from './content-type';
import { MAX_FILE_BYTES, type ReceivedFile } from './multipart';
import type { EvidenceStorage } from './storage';
import { loadSharp } from './load-sharp';

/**
 * Why a file was refused; each has its own GOV.UK error message (`common:upload.errors.<problem>`).
 * `tooSmall`/`tooLarge` are a photo's pixel size, `tooBig` a file's size in bytes.
 */
export type UploadProblem =
  'required' | 'empty' | 'tooBig' | 'wrongType' | 'unreadable' | 'tooSmall' | 'tooLarge' | 'tooMany';

/**
 * A photo must be at least this many pixels each way: enough to print a sharp head-and-shoulders photo
 * at badge size (about 300 dots per inch at 25 mm), while any phone or webcam picture passes.
 */
export const PHOTO_MIN_PIXELS = 300;
/** No side longer than this: real photos are smaller, and decoding a huge one costs memory. */
export const IMAGE_MAX_PIXELS = 12_000;
/** Thumbnails fit in this many pixels each way (the case page and the upload page show them). */
const THUMBNAIL_PIXELS = 200;

export interface CheckedFile {
  contentType: EvidenceContentType;
  width?: number;
  height?: number;
  /** A small PNG made from the image by decoding all of it, which also proves it is readable. */
  thumbnail?: Buffer;
}

/** Checks a received file against a section's rules, by its content alone. */
export async function checkFile(
  file: ReceivedFile,
  section: UploadSection,
): Promise<{ ok: true; file: CheckedFile } | { ok: false; problem: UploadProblem }> {
  if (file.tooBig || file.content.length > MAX_FILE_BYTES) return { ok: false, problem: 'tooBig' };
  if (file.content.length === 0) return { ok: false, problem: 'empty' };
  const contentType = detectContentType(file.content);
  if (!contentType || (section.accept === 'images' && !isImage(contentType))) {
    return { ok: false, problem: 'wrongType' };
  }
  if (!isImage(contentType)) {
    return pdfLooksComplete(file.content)
      ? { ok: true, file: { contentType } }
      : { ok: false, problem: 'unreadable' };
  }
  try {
    const sharp = loadSharp();
    const image = sharp(file.content, { failOn: 'truncated', limitInputPixels: IMAGE_MAX_PIXELS ** 2 });
    const { width, height } = await image.metadata();
    if (!width || !height) return { ok: false, problem: 'unreadable' };
    if (width > IMAGE_MAX_PIXELS || height > IMAGE_MAX_PIXELS) return { ok: false, problem: 'tooLarge' };
    if (section.evidenceType === 'PHOTO' && (width < PHOTO_MIN_PIXELS || height < PHOTO_MIN_PIXELS)) {
      return { ok: false, problem: 'tooSmall' };
    }
    const thumbnail = await image
      .rotate() // as the camera meant it (EXIF orientation); the thumbnail carries no metadata
      .resize(THUMBNAIL_PIXELS, THUMBNAIL_PIXELS, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
    return { ok: true, file: { contentType, width, height, thumbnail } };
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
}

/** The uploaded name, for display only: no folders, no control characters, not too long. */
export function displayName(uploaded: string, contentType: EvidenceContentType): string {
  const base = uploaded.split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .trim()
    .slice(-100);
  return clean === '' || /^\.+$/.test(clean) ? `file.${EXTENSIONS[contentType]}` : clean;
}

export interface EvidenceRow {
  id: string;
  workflow_kind: string;
  instance_id: string;
  section: EvidenceType;
  original_name: string;
  content_type: EvidenceContentType;
  size_bytes: number;
  storage_key: string;
  thumbnail_key: string | null;
  width: number | null;
  height: number | null;
  created_at: string;
}

/**
 * Evidence files of workflow instances (an application, or any journey the runner serves): rows in the
 * `evidence` table, bytes in the storage. Rows are written after the bytes, and deleted before them, so a
 * row never points at a file that was never stored.
 */
export class EvidenceStore {
  constructor(
    private readonly db: Knex,
    readonly storage: EvidenceStorage,
  ) {}

  async save(options: {
    kind: string;
    instanceId: string;
    section: EvidenceType;
    uploadedName: string;
    content: Buffer;
    checked: CheckedFile;
    now: string;
  }): Promise<EvidenceRow> {
    const { checked } = options;
    const storageKey = await this.storage.put(Readable.from([options.content]));
    const thumbnailKey = checked.thumbnail
      ? await this.storage.put(Readable.from([checked.thumbnail]))
      : null;
    const row: EvidenceRow = {
      id: randomUUID(),
      workflow_kind: options.kind,
      instance_id: options.instanceId,
      section: options.section,
      original_name: displayName(options.uploadedName, checked.contentType),
      content_type: checked.contentType,
      size_bytes: options.content.length,
      storage_key: storageKey,
      thumbnail_key: thumbnailKey,
      width: checked.width ?? null,
      height: checked.height ?? null,
      created_at: options.now,
    };
    try {
      await this.db('evidence').insert(row);
    } catch (error) {
      await this.removeFiles(row);
      throw error;
    }
    return row;
  }

  /** One file of one instance: undefined for another instance's file, so nobody can guess ids. */
  async find(kind: string, instanceId: string, id: string): Promise<EvidenceRow | undefined> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return (await this.db('evidence').where({ id, workflow_kind: kind, instance_id: instanceId }).first()) as
      EvidenceRow | undefined;
  }

  async list(kind: string, instanceId: string): Promise<EvidenceRow[]> {
    return (await this.db('evidence')
      .where({ workflow_kind: kind, instance_id: instanceId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])) as EvidenceRow[];
  }

  async delete(kind: string, instanceId: string, id: string): Promise<void> {
    const row = await this.find(kind, instanceId, id);
    if (!row) return;
    await this.db('evidence').where({ id: row.id }).delete();
    await this.removeFiles(row);
  }

  private async removeFiles(row: Pick<EvidenceRow, 'storage_key' | 'thumbnail_key'>) {
    await this.storage.delete(row.storage_key);
    if (row.thumbnail_key) await this.storage.delete(row.thumbnail_key);
  }
}

/** "JPG, 120 KB": how a file is described next to its name. */
export function fileDetails(contentType: string, size: number, language: string): string {
  const type = EXTENSIONS[contentType as EvidenceContentType]?.toUpperCase() ?? contentType;
  const format = new Intl.NumberFormat(language === 'cy' ? 'cy-GB' : 'en-GB', { maximumFractionDigits: 1 });
  const readable =
    size >= 1024 * 1024
      ? `${format.format(size / (1024 * 1024))} MB`
      : `${format.format(Math.max(1, Math.round(size / 1024)))} KB`;
  return `${type}, ${readable}`;
}
