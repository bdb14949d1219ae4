import { execFile } from 'node:child_process';
import path from 'node:path';

/** A PDF's text and page count, as a PDF reader sees them (test/helpers/read-pdf.cjs). */
export function readPdf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [path.join(__dirname, 'read-pdf.cjs')],
      { maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`Could not read the PDF: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as { text: string; pages: number });
      },
    );
    child.stdin!.end(pdf);
  });
}
