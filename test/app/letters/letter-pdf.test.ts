import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LetterContent } from '../../../app/letters/content';
import { renderLetterPdf } from '../../../app/letters/pdf';
import { readPdf as readBack } from '../../helpers/pdf';

/**
 * The PDF is a real PDF: read back by a PDF parser (pdf.js, through pdf-parse), its text is the letter's,
 * Welsh letters included, and a long letter runs on to more pages.
 */
const LETTER: LetterContent = {
  kind: 'refusal',
  language: 'cy',
  title: 'Mae eich cais am Fathodyn Glas wedi’i wrthod',
  from: ['Cyngor Gwynedd', 'Stryd y Jêl', 'Caernarfon', 'LL55 1SH'],
  to: ['Gwenllian Dŵr', '12 Stryd Fawr', 'Bangor', 'LL57 1AA'],
  date: '4 Rhagfyr 2026',
  reference: 'Ein cyfeirnod: BB-ABCD-EFGH',
  greeting: 'Annwyl Gwenllian Dŵr',
  blocks: [
    { type: 'paragraph', text: 'Rydym wedi penderfynu peidio â rhoi Bathodyn Glas i chi.' },
    { type: 'heading', text: 'Pam y gwnaethom y penderfyniad hwn' },
    { type: 'list', items: ['Nid oeddem yn gallu cadarnhau pwy ydych chi.', 'Ŷ ŵ â ê î ô û ŷ'] },
    { type: 'quote', text: 'Geiriau’r swyddog\nar ddwy linell' },
  ],
  closing: 'Yn gywir',
  signatory: ['Siân Ŵyn Roberts', 'Swyddog Bathodyn Glas'],
  pageNumber: (page, pages) => `Tudalen ${page} o ${pages}`,
};

describe('a letter as PDF', () => {
  it('is a whole PDF whose text is the letter’s, Welsh letters and all', async () => {
    const pdf = await renderLetterPdf(LETTER);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const { text, pages } = await readBack(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Tudalen 1 o 1');
    for (const line of [
      LETTER.title,
      'Cyngor Gwynedd',
      'Gwenllian Dŵr',
      '4 Rhagfyr 2026',
      'BB-ABCD-EFGH',
      'Nid oeddem yn gallu cadarnhau pwy ydych chi.',
      'Ŷ ŵ â ê î ô û ŷ',
      'Geiriau’r swyddog',
      'Siân Ŵyn Roberts',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('runs a long letter on to more pages', async () => {
    const long = {
      ...LETTER,
      blocks: Array.from({ length: 60 }, (_, i) => ({
        type: 'paragraph' as const,
        text: `Paragraff ${i + 1}.`,
      })),
    };
    const { text, pages } = await readBack(await renderLetterPdf(long));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Paragraff 60.');
    for (let page = 1; page <= pages; page += 1) expect(text).toContain(`Tudalen ${page} o ${pages}`);
  });

  it('carries a PNG logo', async () => {
    const png = readFileSync(path.join(__dirname, '../../fixtures/evidence/photo.png'));
    const withLogo = await renderLetterPdf({ ...LETTER, logo: { data: png, type: 'png' } });
    const without = await renderLetterPdf(LETTER);
    expect(withLogo.length).toBeGreaterThan(without.length);
    expect(withLogo.toString('latin1')).toContain('/Subtype /Image');
    expect((await readBack(withLogo)).text).toContain(LETTER.title);
  });
});
