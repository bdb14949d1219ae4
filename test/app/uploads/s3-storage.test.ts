import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { KitApp } from '../../../app/app';
import { loadConfig } from '../../../app/config';
import { configProblems } from '../../helpers/config';
import { countRows } from '../../helpers/database';
import { S3EvidenceStorage } from '../../../app/uploads/s3-storage';
import { PERSONAS } from '../../../workflows/application/personas';
import { fixtureFile, pageUrl, walkTo } from '../../helpers/journey';
import { startS3StandIn, type S3StandIn } from '../../helpers/s3-stand-in';
import { Browser, buildTestApp } from '../../helpers/test-app';

/** Evidence in S3-compatible object storage (app/uploads/s3-storage.ts), against a local stand-in. */
let s3: S3StandIn;
beforeAll(async () => {
  s3 = await startS3StandIn();
});
afterAll(() => s3.close());
beforeEach(() => {
  s3.objects.clear();
  s3.requests.length = 0;
  s3.failing = false;
});

const SIGNED_WITH_THE_KEY = () =>
  new RegExp(`^AWS4-HMAC-SHA256 Credential=${s3.accessKeyId}/\\d{8}/eu-west-2/s3/aws4_request`);

describe('S3 evidence storage', () => {
  const storages: S3EvidenceStorage[] = [];
  afterEach(() => storages.splice(0).forEach((storage) => storage.close()));
  const storage = (prefix: string, maxAttempts?: number) => {
    const made = new S3EvidenceStorage(
      { bucket: s3.bucket, prefix, region: 'eu-west-2', endpoint: s3.url },
      {
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        ...(maxAttempts ? { maxAttempts } : {}),
      },
    );
    storages.push(made);
    return made;
  };

  it('stores bytes under a new random key below the prefix, signed with the credentials, and deletes them', async () => {
    const store = storage('blue-badge/evidence');
    const key = await store.put(Readable.from([Buffer.from('first '), Buffer.from('second')]));
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect([...s3.objects.keys()]).toEqual([`blue-badge/evidence/${key}`]);
    expect(s3.objects.get(`blue-badge/evidence/${key}`)?.toString()).toBe('first second');
    expect(s3.requests[0].authorization).toMatch(SIGNED_WITH_THE_KEY());

    const read = await store.get(key);
    expect(Buffer.concat(await read!.toArray()).toString()).toBe('first second');
    await store.delete(key);
    expect(s3.objects.size).toBe(0);
    expect(await store.get(key)).toBeUndefined();
    // Deleting what is already gone is not an error.
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('keeps keys at the top of the bucket when there is no prefix', async () => {
    const key = await storage('').put(Readable.from([Buffer.from('x')]));
    expect([...s3.objects.keys()]).toEqual([key]);
  });

  it('never asks the store for a key it could not have made, such as a path', async () => {
    const store = storage('evidence');
    expect(await store.get('../other-service/secret')).toBeUndefined();
    await store.delete('../../everything');
    expect(s3.requests).toEqual([]);
  });

  it('fails when the store is down, so the upload is refused rather than lost', async () => {
    s3.failing = true;
    const store = storage('evidence', 1);
    await expect(store.put(Readable.from([Buffer.from('x')]))).rejects.toThrow();
    await expect(store.get('0123456789abcdef0123456789abcdef')).rejects.toThrow();
  });
});

describe('an application whose evidence goes to S3 (EVIDENCE_STORAGE=s3)', () => {
  const margaret = PERSONAS.find((persona) => persona.name.startsWith('England: PIP, 12 points'))!;
  let app: KitApp;
  let saved: NodeJS.ProcessEnv;
  beforeEach(async () => {
    saved = { ...process.env };
    Object.assign(process.env, {
      EVIDENCE_STORAGE: 's3',
      S3_BUCKET: s3.bucket,
      S3_PREFIX: 'kit/evidence',
      S3_REGION: 'eu-west-2',
      S3_ENDPOINT: s3.url,
      // The AWS SDK's own variables: the kit never reads the secret itself.
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    app = await buildTestApp();
  });
  afterEach(async () => {
    await app.kit.close();
    process.env = saved;
  });

  it('keeps the photo and its thumbnail in the store, shows them to their owner, and deletes them there', async () => {
    const browser = new Browser(app);
    const photoUrl = pageUrl('photo');
    await walkTo(browser, margaret, 'photo');
    const photo = fixtureFile('photo.jpg');
    expect((await browser.upload(photoUrl, photo)).status).toBe(303);

    const row = await app.kit.db('evidence').first();
    expect([...s3.objects.keys()].sort()).toEqual(
      [`kit/evidence/${row.storage_key}`, `kit/evidence/${row.thumbnail_key}`].sort(),
    );
    expect(s3.objects.get(`kit/evidence/${row.storage_key}`)).toEqual(photo.content);
    expect(s3.requests.every((request) => SIGNED_WITH_THE_KEY().test(request.authorization))).toBe(true);
    // Nothing was written to local disk.
    expect(readdirSync(app.kit.config.uploadDir)).toEqual([]);

    const original = await browser.agent.get(`/apply/evidence/${row.id}`).buffer(true);
    expect(original.status).toBe(200);
    expect(original.body).toEqual(photo.content);
    const thumbnail = await browser.agent.get(`/apply/evidence/${row.id}/thumbnail`).buffer(true);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.body).toEqual(s3.objects.get(`kit/evidence/${row.thumbnail_key}`));
    expect((await new Browser(app).get(`/apply/evidence/${row.id}`)).status).toBe(404);

    await browser.get(`${photoUrl}/1/remove`);
    expect((await browser.submit(`${photoUrl}/1/remove`, { remove: 'yes' })).headers.location).toBe(photoUrl);
    expect(s3.objects.size).toBe(0);
  });

  it('says the service has a problem when the store is down, and keeps the answers for another try', async () => {
    const browser = new Browser(app);
    const photoUrl = pageUrl('photo');
    await walkTo(browser, margaret, 'photo');
    s3.failing = true;
    const res = await browser.upload(photoUrl, fixtureFile('photo.jpg'));
    expect(res.status).toBe(500);
    expect(res.text).toContain('Sorry, there is a problem with the service');
    expect(await countRows(app.kit.db, 'evidence')).toBe(0);
    s3.failing = false;
    // The journey is where it was: the photo page, ready for the same upload again.
    expect((await browser.upload(photoUrl, fixtureFile('photo.jpg'))).status).toBe(303);
    expect(s3.objects.size).toBe(2);
  });
});

describe('reading the storage settings', () => {
  it('keeps files on local disk unless told otherwise', () => {
    expect(loadConfig({}).evidenceStorage).toEqual({ kind: 'disk' });
  });

  it('reads the bucket, prefix, region and an S3-compatible endpoint', () => {
    const config = loadConfig({
      EVIDENCE_STORAGE: 's3',
      S3_BUCKET: 'council-evidence',
      S3_PREFIX: 'blue-badge/evidence',
      S3_ENDPOINT: 'https://objects.example.gov.uk',
    });
    expect(config.evidenceStorage).toEqual({
      kind: 's3',
      bucket: 'council-evidence',
      prefix: 'blue-badge/evidence',
      region: 'eu-west-2',
      endpoint: 'https://objects.example.gov.uk',
    });
    expect(
      loadConfig({ EVIDENCE_STORAGE: 's3', S3_BUCKET: 'council-evidence', AWS_REGION: 'eu-west-1' })
        .evidenceStorage,
    ).toEqual({ kind: 's3', bucket: 'council-evidence', prefix: '', region: 'eu-west-1' });
  });

  it('names each setting that is wrong', () => {
    expect(configProblems({ EVIDENCE_STORAGE: 'ftp' })).toEqual([
      'EVIDENCE_STORAGE must be disk or s3 (got "ftp")',
    ]);
    expect(configProblems({ S3_BUCKET: 'council-evidence' })).toEqual([
      'S3_BUCKET set but EVIDENCE_STORAGE is not s3: set it too',
    ]);
    const all = configProblems({
      EVIDENCE_STORAGE: 's3',
      S3_BUCKET: 'Council_Evidence',
      S3_PREFIX: '/evidence/../secrets/',
      S3_REGION: 'London',
      S3_ENDPOINT: 'ftp://objects.example.gov.uk/path',
    });
    expect(all).toEqual([
      'S3_BUCKET must be a bucket name (3 to 63 lower-case letters, digits, dots and hyphens) (got "Council_Evidence")',
      'S3_PREFIX must be folder names of letters, digits, dots, hyphens and underscores separated by /, with no / at either end (got "/evidence/../secrets/")',
      'S3_REGION must be a region such as eu-west-2 (got "London")',
      'S3_ENDPOINT must be an http or https URL with no path, such as https://objects.example.gov.uk (got "ftp://objects.example.gov.uk/path")',
    ]);
    expect(configProblems({ EVIDENCE_STORAGE: 's3' })[0]).toMatch(/^S3_BUCKET must be a bucket name/);
    // In production the object store is reached over https only.
    expect(
      configProblems({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        EVIDENCE_STORAGE: 's3',
        S3_BUCKET: 'council-evidence',
        S3_ENDPOINT: 'http://objects.example.gov.uk',
      }),
    ).toContain(
      'S3_ENDPOINT must be an https URL with no path, such as https://objects.example.gov.uk (got "http://objects.example.gov.uk")',
    );
  });
});
