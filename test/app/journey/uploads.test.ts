import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KitApp } from '../../../app/app';
import { PERSONAS, type Persona } from '../../../workflows/application/personas';
import { countRows } from '../../helpers/database';
import { answerStep, fixtureFile, pageUrl, walkTo } from '../../helpers/journey';
import { Browser, buildTestApp } from '../../helpers/test-app';

const margaret = PERSONAS.find((persona) => persona.name.startsWith('England: PIP, 12 points'))!;

/** Every file under a folder, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(folder, entry.name)) : [path.join(folder, entry.name)],
  );
}

/** The error summary's messages and the inline error's, as plain text. */
function errorsOn(html: string) {
  const text = (match: RegExpExecArray | null) =>
    (match?.[1] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return {
    summary: text(/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)),
    inline: text(/<p id="file-error" class="govuk-error-message">([\s\S]*?)<\/p>/.exec(html)),
    linksToField: html.includes('href="#file"'),
  };
}

describe('evidence uploads in the application', () => {
  let app: KitApp;
  let browser: Browser;
  const photoUrl = pageUrl('photo');
  beforeEach(async () => {
    app = await buildTestApp();
    browser = new Browser(app);
    await walkTo(browser, margaret, 'photo');
  });
  afterEach(() => app.kit.close());

  const evidenceRows = () => countRows(app.kit.db, 'evidence', {});
  const storedFiles = () => filesUnder(app.kit.config.uploadDir);

  it.each([
    [
      'a file over 10 MB',
      () => ({
        name: 'big.jpg',
        content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(10 * 1024 * 1024 - 2)]),
        contentType: 'image/jpeg',
      }),
      'The selected file must be smaller than 10 MB',
    ],
    [
      'a program renamed .jpg and sent as image/jpeg',
      () => fixtureFile('program.jpg', 'image/jpeg'),
      'The selected file must be a JPG, PNG or GIF',
    ],
    ['an empty file', () => fixtureFile('empty.jpg'), 'The selected file is empty'],
    [
      'a GIF cut short',
      () => fixtureFile('truncated.gif'),
      'The selected file cannot be opened – check it and upload it again',
    ],
    ['a PDF as the photo', () => fixtureFile('letter.pdf'), 'The selected file must be a JPG, PNG or GIF'],
    [
      'a photo under 300 pixels',
      () => fixtureFile('small.png'),
      'The photo must be at least 300 by 300 pixels',
    ],
    ['no file at all', () => undefined, 'Select a file'],
  ])('refuses %s with a GOV.UK error, and saves nothing', async (_what, file, message) => {
    const res = await browser.upload(photoUrl, file());
    expect(res.status).toBe(400);
    expect(errorsOn(res.text)).toEqual({ summary: message, inline: `Error: ${message}`, linksToField: true });
    expect(await evidenceRows()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it('takes a file of exactly 10 MB (one byte more is refused, above)', async () => {
    await browser.upload(photoUrl, fixtureFile('photo.jpg'), { action: 'continue' });
    const head = Buffer.from('%PDF-1.4\n');
    const tail = Buffer.from('\n%%EOF\n');
    const content = Buffer.concat([
      head,
      Buffer.alloc(10 * 1024 * 1024 - head.length - tail.length, 0x20),
      tail,
    ]);
    const res = await browser.upload(pageUrl('proofId'), {
      name: 'scan.pdf',
      content,
      contentType: 'application/pdf',
    });
    expect(res.status).toBe(303);
    const row = await app.kit.db('evidence').where({ section: 'PROOF_ID' }).first();
    expect(row).toMatchObject({
      original_name: 'scan.pdf',
      size_bytes: 10 * 1024 * 1024,
      thumbnail_key: null,
    });
  });

  it('will not go on from the photo page until a photo is uploaded', async () => {
    const res = await browser.submit(photoUrl, { action: 'continue' });
    expect(res.status).toBe(400);
    expect(errorsOn(res.text).summary).toBe('Upload a photo');
    // The statechart itself refuses it too, whatever the page would let through.
    const id = (await app.kit.db('applications').first('id')).id as string;
    const sent = await app.kit.store.send(
      'application',
      id,
      [{ type: 'SUBMIT', page: 'photo', answers: {} }],
      {
        type: 'citizen',
      },
    );
    expect(sent).toEqual({ ok: false, reason: 'not-allowed' });
  });

  it('stores a photo under a generated name, whatever it was called, and shows a thumbnail', async () => {
    const upload = await browser.upload(photoUrl, {
      ...fixtureFile('photo.jpg'),
      name: '..\\..\\secret/../../etc/passwd my photo.jpg',
    });
    expect(upload.status).toBe(303);
    expect(upload.headers.location).toBe(photoUrl);

    const [row] = await app.kit.db('evidence').select();
    expect(row).toMatchObject({
      section: 'PHOTO',
      original_name: 'passwd my photo.jpg',
      content_type: 'image/jpeg',
      size_bytes: fixtureFile('photo.jpg').content.length,
      width: 320,
      height: 400,
    });
    // Two files (the photo and its thumbnail), each named by a random key, in folders only the service can read.
    const files = storedFiles();
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(path.basename(file)).toMatch(/^[0-9a-f]{32}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }
    expect(files.map((file) => path.basename(file)).sort()).toEqual(
      [row.storage_key, row.thumbnail_key].sort(),
    );

    const page = await browser.get(photoUrl);
    expect(page.text).toContain('Files uploaded');
    expect(page.text).toContain('passwd my photo.jpg');
    expect(page.text).toContain(`src="/apply/evidence/${row.id}/thumbnail"`);
    const thumbnail = await browser.agent.get(`/apply/evidence/${row.id}/thumbnail`).buffer(true);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/png');
    expect(thumbnail.body.subarray(1, 4).toString()).toBe('PNG');
    const original = await browser.agent.get(`/apply/evidence/${row.id}`).buffer(true);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(original.headers['x-content-type-options']).toBe('nosniff');
    expect(original.headers['content-security-policy']).toContain("default-src 'none'");
    expect(Buffer.compare(original.body, fixtureFile('photo.jpg').content)).toBe(0);
  });

  it('lets only the person whose application it is fetch a file', async () => {
    await browser.upload(photoUrl, fixtureFile('photo.jpg'));
    const [row] = await app.kit.db('evidence').select('id');
    const someoneElse = new Browser(app);
    await walkTo(someoneElse, margaret, 'photo');
    expect((await someoneElse.get(`/apply/evidence/${row.id}`)).status).toBe(404);
    expect((await someoneElse.get(`/apply/evidence/${row.id}/thumbnail`)).status).toBe(404);
    expect((await new Browser(app).get(`/apply/evidence/${row.id}`)).status).toBe(404);
    expect((await browser.get(`/apply/evidence/${row.id}`)).status).toBe(200);
  });

  it('removes a file, and its bytes, after asking', async () => {
    await browser.upload(photoUrl, fixtureFile('photo.jpg'));
    await browser.upload(photoUrl, fixtureFile('photo.png'));
    expect(await evidenceRows()).toBe(2);
    const page = await browser.get(photoUrl);
    expect(page.text.match(/govuk-summary-list__row/g)).toHaveLength(2);
    expect(page.text).toContain(`href="${photoUrl}/1/remove"`);

    const confirm = await browser.get(`${photoUrl}/1/remove`);
    expect(confirm.text).toContain('photo.jpg');
    const kept = await browser.submit(`${photoUrl}/1/remove`, { remove: 'no' });
    expect(kept.headers.location).toBe(photoUrl);
    expect(await evidenceRows()).toBe(2);

    const removed = await browser.submit(`${photoUrl}/1/remove`, { remove: 'yes' });
    expect(removed.headers.location).toBe(photoUrl);
    const rows = await app.kit.db('evidence').select();
    expect(rows.map((row) => row.original_name)).toEqual(['photo.png']);
    expect(
      storedFiles()
        .map((file) => path.basename(file))
        .sort(),
    ).toEqual([rows[0].storage_key, rows[0].thumbnail_key].sort());
    expect((await browser.get(photoUrl)).text).not.toContain('photo.jpg');
    // There is no second file now, so no page to remove it.
    expect((await browser.get(`${photoUrl}/2/remove`)).headers.location).toBe(photoUrl);
  });

  it('takes up to 15 files a section, then says to remove one', async () => {
    for (let n = 1; n <= 15; n += 1) {
      expect((await browser.upload(photoUrl, fixtureFile('photo.png'))).status).toBe(303);
    }
    const sixteenth = await browser.upload(photoUrl, fixtureFile('photo.png'));
    expect(sixteenth.status).toBe(400);
    expect(errorsOn(sixteenth.text).summary).toBe(
      'You can upload up to 15 files here – remove one to add another',
    );
    expect(await evidenceRows()).toBe(15);
  }, 60_000);

  it('refuses an upload without the CSRF token, and saves nothing', async () => {
    const res = await browser.upload(
      photoUrl,
      fixtureFile('photo.jpg'),
      { action: 'upload' },
      { token: 'wrong' },
    );
    expect(res.status).toBe(403);
    expect(await evidenceRows()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it('refuses a form with two files, or a file under another name, as a bad request', async () => {
    await browser.get(photoUrl);
    const token = /name="_csrf" value="([^"]+)"/.exec(browser.lastHtml)![1];
    const photo = fixtureFile('photo.jpg');
    const two = await browser.agent
      .post(photoUrl)
      .field('_csrf', token)
      .attach('file', photo.content, { filename: 'a.jpg', contentType: 'image/jpeg' })
      .attach('file', photo.content, { filename: 'b.jpg', contentType: 'image/jpeg' });
    expect(two.status).toBe(400);
    const other = await browser.agent
      .post(photoUrl)
      .field('_csrf', token)
      .attach('document', photo.content, { filename: 'a.jpg', contentType: 'image/jpeg' });
    expect(other.status).toBe(400);
    expect(await evidenceRows()).toBe(0);
  });

  it('uploads and goes on in one step when a file is chosen and Continue pressed', async () => {
    const res = await browser.upload(photoUrl, fixtureFile('photo.jpg'), { action: 'continue' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(pageUrl('proofId'));
  });

  it('takes PDFs and images as proofs, and lists every file on check your answers with a Change link', async () => {
    for (const step of margaret.steps.slice(margaret.steps.findIndex((step) => step.state === 'photo'))) {
      await answerStep(browser, step);
    }
    // One more proof of identity: a PNG (any image will do for a document).
    await browser.upload(pageUrl('proofId'), fixtureFile('small.png'));
    const refusedPdf = await browser.upload(pageUrl('proofId'), fixtureFile('truncated.pdf'));
    expect(errorsOn(refusedPdf.text).summary).toBe(
      'The selected file cannot be opened – check it and upload it again',
    );
    const program = await browser.upload(pageUrl('proofId'), fixtureFile('program.jpg', 'image/jpeg'));
    expect(errorsOn(program.text).summary).toBe('The selected file must be a JPG, PNG, GIF or PDF');

    const summary = await browser.get(pageUrl('checkAnswers'));
    expect(summary.status).toBe(200);
    const text = summary.text.replace(/\s+/g, ' ');
    expect(text).toContain('Evidence');
    expect(text).toMatch(/Photo <\/dt> <dd class="govuk-summary-list__value"> photo\.jpg/);
    expect(text).toMatch(
      /Proof of identity <\/dt> <dd class="govuk-summary-list__value"> letter\.pdf<br \/> small\.png/,
    );
    expect(text).toContain('Benefit award letter');
    expect(summary.text).toContain(`href="${pageUrl('proofBenefit')}"`);
  });
});

describe('evidence when the application is sent', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.kit.close());

  it('keeps the files the application was sent with, and deletes any the journey no longer holds', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'photo');
    for (const step of margaret.steps.slice(margaret.steps.findIndex((step) => step.state === 'photo'))) {
      await answerStep(browser, step);
    }
    const { id } = await app.kit.db('applications').first('id');
    // A file the lists do not hold, as one uploaded on a page the answers later left off the path.
    const photo = fixtureFile('photo.png');
    const orphan = await app.kit.evidence.save({
      kind: 'application',
      instanceId: id,
      section: 'PROOF_ELIG',
      uploadedName: 'old.png',
      content: photo.content,
      checked: { contentType: 'image/png' },
      now: new Date().toISOString(),
    });
    const sent = (await app.kit.db('evidence').select('id')).length;
    await browser.submit(pageUrl('checkAnswers'));
    const done = await browser.submit(pageUrl('declaration'), { confirm: 'yes' });
    expect(done.headers.location).toBe(pageUrl('submitted'));
    const rows = await app.kit.db('evidence').select();
    expect(rows).toHaveLength(sent - 1);
    expect(rows.map((row) => row.id)).not.toContain(orphan.id);
    expect(await app.kit.evidence.storage.get(orphan.storage_key)).toBeUndefined();
    // Everything the application holds is still there.
    for (const row of rows) {
      const stored = await app.kit.evidence.storage.get(row.storage_key);
      let bytes = 0;
      for await (const chunk of stored!) bytes += (chunk as Buffer).length;
      expect(bytes).toBe(row.size_bytes);
    }
  });
});

describe('which evidence each route asks for', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.kit.close());

  const evidencePages = (persona: Persona) =>
    persona.steps.filter((step) => 'files' in step).map((step) => step.state);

  it.each([
    ['England: PIP, 12 points', ['photo', 'proofId', 'proofAddress', 'proofBenefit']],
    ['England: severely sight impaired', ['photo', 'proofId', 'proofAddress']],
    ['England: walking difficulty', ['photo', 'proofId', 'proofAddress', 'supportingDocuments']],
    // Under 16: no proof of address [BBDS-CIT].
    ['England: non-visible condition', ['photo', 'proofId', 'supportingDocuments']],
    ['Scotland: Child Disability Payment', ['photo', 'proofId', 'proofBenefit']],
    ['England: an organisation', []],
  ])('%s: %j', async (name, expected) => {
    const persona = PERSONAS.find((candidate) => candidate.name.startsWith(name))!;
    expect(evidencePages(persona)).toEqual(expected);
  });

  it('lets supporting documents be left out', async () => {
    const dan = PERSONAS.find((persona) =>
      persona.name.startsWith('England: severe disability in both arms'),
    )!;
    const browser = new Browser(app);
    await walkTo(browser, dan, 'supportingDocuments');
    const res = await browser.submit(pageUrl('supportingDocuments'), { action: 'continue' });
    expect(res.headers.location).toBe(pageUrl('checkAnswers'));
  });
});
