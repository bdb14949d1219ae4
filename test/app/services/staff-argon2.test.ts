import argon2 from 'argon2';
import type { KitApp } from '../../../app/app';
import { signInStaff, verifyStaffCredentials } from '../../../app/services/staff';
import { addStaff, buildTestApp, signedIn, STAFF_PASSWORD } from '../../helpers/test-app';

// Real argon2 hashes for the accounts (deliberately slow).
jest.setTimeout(30_000);

/**
 * Each argon2 hash or verify holds its memory (19 MiB; 64 MiB for a hash from before): at most two run at once, so staff signing in together cannot
 * raise the process's memory without bound (docs/performance.md).
 */
describe('argon2 work', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
    await addStaff(app, 'assessor', 'a@test.gov.uk');
  });
  afterAll(() => app.kit.close());
  afterEach(() => jest.restoreAllMocks());

  it('runs at most two verifies at once, and every sign-in still gets its answer', async () => {
    const real = argon2.verify.bind(argon2);
    let running = 0;
    let most = 0;
    jest.spyOn(argon2, 'verify').mockImplementation(async (hash, password) => {
      running++;
      most = Math.max(most, running);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await real(hash, password);
      } finally {
        running--;
      }
    });
    const attempts = await Promise.all([
      ...Array.from({ length: 3 }, () => verifyStaffCredentials(app.kit.db, 'a@test.gov.uk', STAFF_PASSWORD)),
      ...Array.from({ length: 2 }, () =>
        signInStaff(app.kit.db, 'nobody@test.gov.uk', 'wrong-password-here'),
      ),
      verifyStaffCredentials(app.kit.db, 'a@test.gov.uk', 'not-the-password'),
    ]);
    expect(attempts.map((user) => user?.email ?? null)).toEqual([
      'a@test.gov.uk',
      'a@test.gov.uk',
      'a@test.gov.uk',
      null,
      null,
      null,
    ]);
    expect(argon2.verify).toHaveBeenCalledTimes(6);
    expect(most).toBe(2);
  });

  const storedHash = async (email: string) =>
    ((await app.kit.db('staff_users').where({ email }).first()) as { password_hash: string }).password_hash;

  it("hashes new passwords at OWASP's argon2id profile: 19 MiB, 2 passes, 1 lane", async () => {
    expect(await storedHash('a@test.gov.uk')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('upgrades a hash made with the older 64 MiB parameters at the next sign-in, and only then', async () => {
    await addStaff(app, 'assessor', 'old@test.gov.uk');
    // What accounts created before the change hold: argon2's defaults.
    const old = await argon2.hash(STAFF_PASSWORD, { type: argon2.argon2id });
    expect(old).toMatch(/\$m=65536,p=4,t=3\$/);
    await app.kit.db('staff_users').where({ email: 'old@test.gov.uk' }).update({ password_hash: old });

    expect(await signInStaff(app.kit.db, 'old@test.gov.uk', 'not-the-password')).toBeUndefined();
    expect(await storedHash('old@test.gov.uk')).toBe(old);

    await signedIn(app, 'old@test.gov.uk');
    const upgraded = await storedHash('old@test.gov.uk');
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await argon2.verify(upgraded, STAFF_PASSWORD)).toBe(true);
    // The same password still signs in, and an upgraded hash is left as it is.
    await signedIn(app, 'old@test.gov.uk');
    expect(await storedHash('old@test.gov.uk')).toBe(upgraded);
  });
});
