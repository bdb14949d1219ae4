import { applicationPages } from '../../workflows/application/pages';
import type { Persona } from '../../workflows/application/personas';
import type { JourneyPage, UploadedFileItem } from '../../workflows/journey/pages';
import { checkFile, type EvidenceStore } from '../uploads/evidence';
import { loadSharp } from '../uploads/load-sharp';

/**
 * Real files for the demo applications, so the case page has evidence to open: a plain grey "photo"
 * and a one-page PDF letter, stored and checked exactly as an upload would be.
 */
export async function demoEvidence(
  evidence: EvidenceStore,
  instanceId: string,
  persona: Persona,
  now: string,
): Promise<Record<string, UploadedFileItem[]>> {
  const files: Record<string, UploadedFileItem[]> = {};
  for (const step of persona.steps) {
    if (!('files' in step)) continue;
    const section = (applicationPages[step.state] as JourneyPage).upload!;
    files[step.state] = [];
    for (const name of step.files) {
      const content = await demoContent(name);
      const checked = await checkFile({ filename: name, content, tooBig: false }, section);
      if (!checked.ok) throw new Error(`The demo file ${name} was refused (${checked.problem})`);
      const row = await evidence.save({
        kind: 'application',
        instanceId,
        section: section.evidenceType,
        uploadedName: name,
        content,
        checked: checked.file,
        now,
      });
      files[step.state].push({
        evidenceId: row.id,
        name: row.original_name,
        contentType: row.content_type,
        size: String(row.size_bytes),
      });
    }
  }
  return files;
}

async function demoContent(name: string): Promise<Buffer> {
  if (name.endsWith('.pdf')) return demoPdf('Demo letter: made up for the Blue Badge service kit');
  const sharp = loadSharp();
  const image = sharp({ create: { width: 320, height: 400, channels: 3, background: '#dedede' } });
  return name.endsWith('.png') ? image.png().toBuffer() : image.jpeg().toBuffer();
}

/** A one-page PDF with a line of text, with a correct cross-reference table. */
export function demoPdf(text: string): Buffer {
  const safe = text.replace(/[\\()]/g, '');
  const stream = `BT /F1 18 Tf 72 760 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
