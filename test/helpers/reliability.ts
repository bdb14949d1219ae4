import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * docs/reliability.md is written by the tests that measure it: each owns a section between
 * `<!-- figures:<name> -->` and `<!-- /figures:<name> -->` and rewrites it with what it found. The
 * hostile-input figures come from seeded runs, so they change only when the kit's behaviour does (and
 * then the diff shows how); the crash figures come from `npm run test:crash`.
 */
export const RELIABILITY_DOC = join(__dirname, '..', '..', 'docs', 'reliability.md');

export function writeFigures(section: string, markdown: string): void {
  const doc = readFileSync(RELIABILITY_DOC, 'utf8');
  const open = `<!-- figures:${section} -->`;
  const close = `<!-- /figures:${section} -->`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start === -1 || end === -1) throw new Error(`docs/reliability.md has no ${open} section`);
  const next = `${doc.slice(0, start + open.length)}\n\n${markdown.trim()}\n\n${doc.slice(end)}`;
  if (next !== doc) writeFileSync(RELIABILITY_DOC, next);
}

/** A Markdown table with its columns padded as prettier pads them, so the doc stays formatted. */
export function markdownTable(header: string[], rows: string[][], rightAligned: number[] = []): string {
  const widths = header.map((cell, i) => Math.max(3, cell.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((width, i) => (rightAligned.includes(i) ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
