import type { Knex } from 'knex';
import type { JobHandler } from '../jobs/runner';
import { scheduleJob } from '../jobs/schedule';
import type { EvidenceStorage } from '../uploads/storage';
import { PERSONAL_DATA, isEmpty, rowsOf, type Subject } from './registry';

/** The job that removes evidence files whose rows a deletion removed (retried until the storage answers). */
export const DELETE_FILES_JOB = 'kit:delete-evidence-files';

export interface DeletedRecords {
  /** Rows deleted, by table (every table in the registry, 0 where there were none). */
  counts: Record<string, number>;
  /** Storage keys of the evidence files (and thumbnails) the rows pointed at. */
  fileKeys: string[];
}

/**
 * Deletes every row of the subject's in every table of the personal data registry, in `trx`. The files
 * cannot be deleted in a database transaction, so their keys go to a DELETE_FILES_JOB armed in the same
 * transaction: they are removed exactly when the rows are, even if this process stops first. A caller
 * that wants them gone at once (erasure) also calls deleteFiles after commit; deleting twice is harmless.
 */
export async function deleteSubjectRecords(
  trx: Knex.Transaction,
  subject: Subject,
  now: Date,
): Promise<DeletedRecords> {
  const counts: Record<string, number> = {};
  const fileKeys: string[] = [];
  if (isEmpty(subject)) return { counts, fileKeys };
  for (const entry of PERSONAL_DATA) {
    if (entry.keptBecause) continue;
    if (entry.files) {
      const rows = (await rowsOf(trx, entry, subject).select(...entry.files)) as Array<
        Record<string, string | null>
      >;
      for (const row of rows)
        for (const column of entry.files) if (row[column]) fileKeys.push(String(row[column]));
    }
    counts[entry.table] = await rowsOf(trx, entry, subject).delete();
  }
  if (fileKeys.length > 0) await scheduleJob(trx, DELETE_FILES_JOB, now, { keys: fileKeys }, { now });
  return { counts, fileKeys };
}

export async function deleteFiles(storage: EvidenceStorage, keys: readonly string[]): Promise<void> {
  for (const key of keys) await storage.delete(key);
}

/** The handler for DELETE_FILES_JOB: a failure (storage down) throws, and the runner retries later. */
export function deleteFilesJob(storage: EvidenceStorage): JobHandler {
  return async (job) => {
    const keys = Array.isArray(job.payload.keys) ? job.payload.keys.map(String) : [];
    await deleteFiles(storage, keys);
  };
}
