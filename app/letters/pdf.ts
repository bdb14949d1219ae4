import { readFileSync } from 'node:fs';
import type PDFKitDocument from 'pdfkit';
import type { LetterContent } from './content';

/**
 * Source Sans 3 (the `source-sans` package, SIL Open Font Licence) is embedded: PDF's standard fonts
 * cannot print Welsh's ŵ and ŷ. GDS Transport is licensed for GOV.UK only, so is not used.
 */
const FONT_FILES = {
  regular: require.resolve('source-sans/TTF/SourceSans3-Regular.ttf'),
  bold: require.resolve('source-sans/TTF/SourceSans3-Semibold.ttf'),
};
let fonts: { regular: Buffer; bold: Buffer } | undefined;

const BODY = 11;
const GAP = 8;

let pdfkit: typeof PDFKitDocument | undefined;

/**
 * pdfkit is loaded at the first letter, not at start: 15 MB of resident memory a process may never need.
 * `require`, not `import()`: the kit is CommonJS, and Jest runs it without an ES module loader.
 */
function loadPdfKit(): typeof PDFKitDocument {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pdfkit ??= require('pdfkit') as typeof PDFKitDocument;
  return pdfkit;
}

/**
 * The letter as an A4 PDF, laid out from the same content as the HTML: the council's address at the top,
 * the applicant's where a window envelope shows it, then the letter. pdfkit writes it in memory.
 */
export function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  const PDFDocument = loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: 64, right: 64 },
    lang: letter.language === 'cy' ? 'cy-GB' : 'en-GB',
    displayTitle: true,
    // Kept in memory until the end, so each page can say "Page 1 of 2".
    bufferPages: true,
    info: { Title: letter.title, Author: letter.from[0], Subject: letter.reference },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // Read once: each letter is made inside its transition's transaction, so it should be quick.
  fonts ??= { regular: readFileSync(FONT_FILES.regular), bold: readFileSync(FONT_FILES.bold) };
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  // pdfkit draws PNG and JPEG; an SVG logo shows in the HTML letter only.
  if (letter.logo && letter.logo.type !== 'svg') doc.image(letter.logo.data, left, 50, { fit: [160, 60] });
  doc.font('regular').fontSize(10).text(letter.from.join('\n'), left, 50, { width, align: 'right' });

  // A DL window envelope shows the address about 50 mm from the top, 20 mm from the left.
  doc.fontSize(BODY).text(letter.to.join('\n'), left, 150, { width: width / 2 });
  doc.text(`${letter.date}\n${letter.reference}`, left, 150, { width, align: 'right' });
  doc.x = left;
  doc.y = Math.max(doc.y, 250);

  doc.font('bold').fontSize(18).text(letter.title, { width });
  doc.moveDown(0.6);
  paragraph(doc, letter.greeting, width);
  for (const block of letter.blocks) {
    if (block.type === 'heading') {
      doc.moveDown(0.4).font('bold').fontSize(13).text(block.text, { width }).moveDown(0.3);
    } else if (block.type === 'list') {
      doc.font('regular').fontSize(BODY);
      for (const item of block.items)
        doc.text(`•  ${item}`, left + 8, doc.y, { width: width - 8, indent: -0 });
      doc.x = left;
      doc.moveDown(GAP / BODY);
    } else if (block.type === 'quote') {
      const top = doc.y;
      doc
        .font('regular')
        .fontSize(BODY)
        .text(block.text, left + 16, top, { width: width - 16 });
      doc
        .save()
        .lineWidth(3)
        .strokeColor('#b1b4b6')
        .moveTo(left + 2, top)
        .lineTo(left + 2, doc.y)
        .stroke()
        .restore();
      doc.x = left;
      doc.moveDown(GAP / BODY);
    } else {
      paragraph(doc, block.text, width);
    }
  }
  // The closing and signature stay together, on a new page if they do not fit.
  doc.font('regular').fontSize(BODY);
  const signOff = doc.heightOfString([letter.closing, '', '', ...letter.signatory].join('\n'), { width });
  if (doc.y + signOff + 2 * BODY > doc.page.height - doc.page.margins.bottom) doc.addPage();
  else doc.moveDown(0.6);
  paragraph(doc, letter.closing, width);
  doc.moveDown(1.5);
  paragraph(doc, letter.signatory.join('\n'), width);
  pageNumbers(doc, letter, left, width);
  doc.end();
  return finished;
}

/** Each page's number and the total, in the footer, so the reader knows they have every page. */
function pageNumbers(doc: PDFKit.PDFDocument, letter: LetterContent, left: number, width: number) {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    // Writing in the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(9)
      .text(letter.pageNumber(index - start + 1, count), left, doc.page.height - 40, {
        width,
        align: 'center',
      });
    doc.page.margins.bottom = bottom;
  }
}

function paragraph(doc: PDFKit.PDFDocument, text: string, width: number) {
  doc
    .font('regular')
    .fontSize(BODY)
    .text(text, { width })
    .moveDown(GAP / BODY);
}
