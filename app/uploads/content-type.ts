/**
 * What a file really is, from its first bytes ("magic numbers"), never from its name or the type the
 * browser claimed: a renamed program is refused even if it is called photo.jpg and sent as image/jpeg.
 * Only the four types the national form accepts are recognised (blue-badge-scheme.md §5, [BBDS-CIT]).
 * A small table rather than the file-type package, whose current majors need Node 22 or are ESM-only.
 */
export type EvidenceContentType = 'image/jpeg' | 'image/png' | 'image/gif' | 'application/pdf';

const SIGNATURES: Array<{ type: EvidenceContentType; bytes: number[] | string[] }> = [
  // JPEG: start of image, then the first marker's 0xFF.
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  // PNG's eight-byte signature, designed to catch text-mode transfers.
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/gif', bytes: ['GIF87a', 'GIF89a'] },
  { type: 'application/pdf', bytes: ['%PDF-'] },
];

function startsWith(content: Buffer, signature: number[] | string): boolean {
  const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return content.length >= bytes.length && content.subarray(0, bytes.length).equals(bytes);
}

export function detectContentType(content: Buffer): EvidenceContentType | undefined {
  for (const { type, bytes } of SIGNATURES) {
    const alternatives = typeof bytes[0] === 'string' ? (bytes as string[]) : [bytes as number[]];
    if (alternatives.some((signature) => startsWith(content, signature))) return type;
  }
  return undefined;
}

export const isImage = (type: EvidenceContentType) => type.startsWith('image/');

/** A PDF ends with `%%EOF` (possibly followed by a line break or two): one cut short is unreadable. */
export function pdfLooksComplete(content: Buffer): boolean {
  return content.subarray(Math.max(0, content.length - 1024)).includes('%%EOF', 0, 'latin1');
}

export const EXTENSIONS: Record<EvidenceContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};
