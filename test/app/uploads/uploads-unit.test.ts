import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { detectContentType, pdfLooksComplete } from '../../../app/uploads/content-type';
import { displayName } from '../../../app/uploads/evidence';
import { contentDisposition } from '../../../app/uploads/serve';
import { LocalDiskStorage } from '../../../app/uploads/storage';
import { fixtureFile } from '../../helpers/journey';

describe('what a file really is', () => {
  it.each([
    ['photo.jpg', 'image/jpeg'],
    ['photo.png', 'image/png'],
    ['document.gif', 'image/gif'],
    ['letter.pdf', 'application/pdf'],
    ['program.jpg', undefined],
    ['empty.jpg', undefined],
  ])('%s is %s, from its bytes', (name, type) => {
    expect(detectContentType(fixtureFile(name).content)).toBe(type);
  });

  it('does not take a signature found later in the file', () => {
    expect(detectContentType(Buffer.from('hello %PDF-1.4'))).toBeUndefined();
    expect(detectContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeUndefined(); // PNG cut short
  });

  it('tells a complete PDF from one cut short', () => {
    expect(pdfLooksComplete(fixtureFile('letter.pdf').content)).toBe(true);
    expect(pdfLooksComplete(fixtureFile('truncated.pdf').content)).toBe(false);
  });
});

describe('names from the uploader', () => {
  it.each([
    ['C:\\Users\\me\\Documents\\letter.pdf', 'letter.pdf'],
    ['../../../etc/passwd', 'passwd'],
    ['a\u0000b\u001f<c>.pdf', 'abc.pdf'],
    ['..', 'file.pdf'],
    ['', 'file.pdf'],
  ])('shows %j as %j', (uploaded, shown) => {
    expect(displayName(uploaded, 'application/pdf')).toBe(shown);
  });

  it('sends a header-safe filename with the detected extension', () => {
    expect(
      contentDisposition({ original_name: 'Lettér "x".txt', content_type: 'application/pdf' }, true),
    ).toBe(`attachment; filename="Lett_r _x_.pdf"; filename*=UTF-8''Lett%C3%A9r%20%22x%22.pdf`);
  });
});

describe('local disk storage', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'kit-storage-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const read = async (stream: Readable) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it('stores bytes under a new random key, readable by the service only, and deletes them', async () => {
    const storage = new LocalDiskStorage(root);
    const first = await storage.put(Readable.from([Buffer.from('one')]));
    const second = await storage.put(Readable.from([Buffer.from('two')]));
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    expect((await read((await storage.get(first))!)).toString()).toBe('one');
    const file = path.join(root, first.slice(0, 2), first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    await storage.delete(first);
    expect(await storage.get(first)).toBeUndefined();
    await storage.delete(first); // already gone: not an error
  });

  it('leaves no half-written file when the upload stream fails', async () => {
    const storage = new LocalDiskStorage(root);
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(storage.put(failing)).rejects.toThrow('connection lost');
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    expect(files).toEqual([]);
  });

  it('refuses keys that are not its own, such as paths', async () => {
    const storage = new LocalDiskStorage(root);
    expect(await storage.get('../../etc/passwd')).toBeUndefined();
    await expect(storage.delete('../x')).resolves.toBeUndefined();
  });
});
