import type express from 'express';
import { EXTENSIONS, type EvidenceContentType } from './content-type';
import type { EvidenceRow } from './evidence';
import type { EvidenceStorage } from './storage';

/**
 * Sends an evidence file (or its thumbnail) with headers that keep it inert: its detected type only,
 * no sniffing, a CSP that lets the browser show an image or PDF but run nothing, and a filename made
 * safe for the header. `download` asks the browser to save it rather than show it.
 */
export async function sendEvidence(
  res: express.Response,
  storage: EvidenceStorage,
  row: EvidenceRow,
  options: { thumbnail?: boolean; download?: boolean } = {},
): Promise<void> {
  const key = options.thumbnail ? row.thumbnail_key : row.storage_key;
  const content = key ? await storage.get(key) : undefined;
  if (!content) {
    res.status(404).render('errors/404.njk');
    return;
  }
  const type = options.thumbnail ? 'image/png' : row.content_type;
  res.setHeader('Content-Type', type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'; form-action 'none'",
  );
  res.setHeader('Cache-Control', 'private, no-store');
  if (!options.thumbnail) {
    res.setHeader('Content-Length', String(row.size_bytes));
    res.setHeader('Content-Disposition', contentDisposition(row, options.download === true));
  }
  content.on('error', () => res.destroy());
  content.pipe(res);
}

/** `inline; filename="proof.pdf"; filename*=UTF-8''proof.pdf`, with only safe characters in the plain form. */
export function contentDisposition(
  row: Pick<EvidenceRow, 'original_name' | 'content_type'>,
  download: boolean,
) {
  const extension = EXTENSIONS[row.content_type as EvidenceContentType] ?? 'bin';
  const stem = row.original_name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const name = `${stem}.${extension}`;
  const ascii = name.replace(/[^A-Za-z0-9 ._()-]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `${download ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
