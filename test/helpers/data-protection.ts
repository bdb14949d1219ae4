import { existsSync } from 'node:fs';
import path from 'node:path';
import { fromBuffer, type Entry } from 'yauzl';
import type { KitApp } from '../../app/app';
import type { Actor } from '../../app/engine/actor';
import type { Role } from '../../workflows/permissions';
import { todayInUk } from '../../workflows/rules/dates';
import { assessedEvents } from './case';
import { addStaff, csrfTokenFrom, type Browser } from './test-app';

/** A decision maker as the workflow store's actor: decides cases without going through the pages. */
export async function decisionMaker(
  app: KitApp,
  email = 'decider@test.gov.uk',
  role: Role = 'decision-maker',
) {
  const user = await addStaff(app, role, email);
  return { type: 'staff', id: user.id, name: user.name, role } satisfies Actor;
}

export async function caseRow(app: KitApp, reference: string) {
  return (await app.kit.db('cases').where({ reference }).first()) as Record<string, string>;
}

/** Starts the assessment, records the evidence checks and refuses the case, through the statechart, at the store's clock. */
export async function refuseCase(app: KitApp, reference: string, actor: Actor) {
  const row = await caseRow(app, reference);
  const today = todayInUk(new Date(app.kit.store.now()));
  const sent = await app.kit.store.send(
    'case',
    row.id,
    [
      ...assessedEvents(today),
      { type: 'REFUSE', reasons: ['NOT_ELIGIBLE'], reason: 'The PIP award has ended.', today },
    ],
    actor,
  );
  if (!sent.ok) throw new Error(`Could not refuse ${reference}: ${sent.reason}`);
}

/** Starts the assessment, records the evidence checks and approves the case with a badge from today to `expiryDate`. */
export async function approveCase(app: KitApp, reference: string, actor: Actor, expiryDate: string) {
  const row = await caseRow(app, reference);
  const today = todayInUk(new Date(app.kit.store.now()));
  const sent = await app.kit.store.send(
    'case',
    row.id,
    [...assessedEvents(today), { type: 'APPROVE', startDate: today, expiryDate, today }],
    actor,
  );
  if (!sent.ok) throw new Error(`Could not approve ${reference}: ${sent.reason}`);
}

/** The files on disk of an application's evidence (and thumbnails), under the app's upload folder. */
export async function evidenceFilesOf(app: KitApp, reference: string): Promise<string[]> {
  const application = await app.kit.db('applications').where({ reference }).first('id');
  const rows = (await app.kit
    .db('evidence')
    .where({ instance_id: application.id })
    .select('storage_key', 'thumbnail_key')) as Array<{ storage_key: string; thumbnail_key: string | null }>;
  return rows
    .flatMap((row) => [row.storage_key, row.thumbnail_key])
    .filter((key): key is string => Boolean(key))
    .map((key) => path.join(app.kit.config.uploadDir, key.slice(0, 2), key));
}

export const onDisk = (files: string[]) => files.filter((file) => existsSync(file));

/** Every entry of a zip file, parsed back with yauzl (another library than the one that wrote it). */
export async function readZip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>();
    fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error ?? new Error('no zip'));
      file.on('error', reject);
      file.on('end', () => resolve(entries));
      file.on('entry', (entry: Entry) => {
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

/** Posts a button-only form from its page (or `fromPage`) and returns the response body as bytes (a download). */
export async function downloadFrom(browser: Browser, url: string, fromPage = url) {
  await browser.get(fromPage);
  return browser.agent
    .post(url)
    .type('form')
    .send({ _csrf: csrfTokenFrom(browser.lastHtml) })
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}
