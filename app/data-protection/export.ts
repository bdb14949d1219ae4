import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { ZipFile } from 'yazl';
import { addStaffAuditRow, type CaseAuditTarget } from '../services/case-notes';
import type { EvidenceStorage } from '../uploads/storage';
import { PERSONAL_DATA, rowsOf, type Subject } from './registry';

/** What index.json says about each file in the zip. */
export interface ExportedFile {
  path: string;
  description: string;
  /** Records files: how many rows. */
  rows?: number;
  /** Evidence files: what it was and how big. */
  contentType?: string;
  sizeBytes?: number;
  section?: string;
}

/**
 * A subject access export (UK GDPR Article 15): every record of the person's in every table of the
 * personal data registry, as JSON (`records/<table>.json`), and every evidence file they sent
 * (`evidence/<application reference>/<file id>-<name>`), with `index.json` listing each file first. The zip
 * is streamed to `out` as it is made, so nothing is held in memory or written to disk.
 */
export async function writeSubjectExport(
  db: Knex,
  storage: EvidenceStorage,
  subject: Subject,
  out: Writable,
  about: { councilName: string; generatedAt: string; exportedBy: string },
): Promise<void> {
  const zip = new ZipFile();
  const files: ExportedFile[] = [];
  const records: Array<{ path: string; rows: unknown[] }> = [];
  const evidence: Array<{ path: string; key: string }> = [];
  const blobs: Array<{ path: string; content: Buffer }> = [];
  const references = new Map<string, string>();
  for (const row of (await db('applications')
    .whereIn('id', subject.applicationIds)
    .select('id', 'reference')) as Array<{ id: string; reference: string }>)
    references.set(row.id, row.reference);

  for (const entry of PERSONAL_DATA) {
    if (entry.exported === false) continue;
    const rows = (await rowsOf(db, entry, subject).select('*')) as Array<Record<string, unknown>>;
    const path = `records/${entry.table}.json`;
    const blobColumns = (entry.blobs ?? []).map((blob) => blob.column);
    records.push({
      path,
      rows: rows.map((row) => readable(row, entry.json ?? [], [...(entry.files ?? []), ...blobColumns])),
    });
    files.push({ path, description: entry.description, rows: rows.length });
    for (const blob of entry.blobs ?? [])
      for (const row of rows) {
        const content = row[blob.column];
        if (!Buffer.isBuffer(content)) continue;
        const blobPath = `${entry.table}/${String(row.id)}.${blob.extension}`;
        blobs.push({ path: blobPath, content });
        files.push({
          path: blobPath,
          description: `${entry.description} (${blob.column})`,
          sizeBytes: content.length,
        });
      }
    if (!entry.files) continue;
    for (const row of rows) {
      const reference = references.get(String(row.instance_id)) ?? 'other';
      const name = String(row.original_name ?? 'file').replace(/[^\w.\- ]/g, '_');
      const filePath = `evidence/${reference}/${String(row.id)}-${name}`;
      evidence.push({ path: filePath, key: String(row.storage_key) });
      files.push({
        path: filePath,
        description: `Evidence uploaded with ${reference}`,
        contentType: String(row.content_type),
        sizeBytes: Number(row.size_bytes),
        section: String(row.section),
      });
    }
  }

  const missing: string[] = [];
  const streams = [];
  for (const file of evidence) {
    const stream = await storage.get(file.key);
    if (stream) streams.push({ path: file.path, stream });
    else missing.push(file.path);
  }
  const index = {
    about: 'Personal data held about one person by the council’s Blue Badge service (UK GDPR Article 15)',
    council: about.councilName,
    generatedAt: about.generatedAt,
    exportedBy: about.exportedBy,
    references: subject.references,
    files: files.filter((file) => !missing.includes(file.path)),
    // Files listed in the records but gone from storage (deleted, or the storage lost them).
    missing,
  };
  zip.addBuffer(Buffer.from(JSON.stringify(index, null, 2)), 'index.json');
  for (const record of records) zip.addBuffer(Buffer.from(JSON.stringify(record.rows, null, 2)), record.path);
  for (const blob of blobs) zip.addBuffer(blob.content, blob.path);
  for (const file of streams) zip.addReadStream(file.stream, file.path);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
    zip.outputStream.pipe(out);
  });
}

/** A row as the person reads it: JSON columns parsed; storage keys (the kit's own file names) and binary columns (files of their own) left out. */
function readable(row: Record<string, unknown>, json: readonly string[], files: readonly string[]) {
  const copy: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (files.includes(column)) continue;
    copy[column] = json.includes(column) && typeof value === 'string' ? parseJson(value) : value;
  }
  return copy;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Records the export in the audit of the case it was asked from (event SUBJECT_ACCESS_EXPORT): who, when,
 * and which references it covered. Not a transition: the state stays as it is, as with a note.
 */
export async function recordExport(
  db: Knex,
  reference: string,
  subject: Subject,
  staff: { id: string; name: string },
  at: string,
): Promise<void> {
  const row = (await db('cases')
    .where({ reference })
    .first('id', 'workflow_id', 'workflow_version', 'state')) as CaseAuditTarget;
  await addStaffAuditRow(db, row, staff, 'SUBJECT_ACCESS_EXPORT', { references: subject.references }, at);
}
