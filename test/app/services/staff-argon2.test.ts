import argon2 from 'argon2';
import type { KitApp } from '../../../app/app';
import { signInStaff, verifyStaffCredentials } from '../../../app/services/staff';
import { addStaff, buildTestApp, STAFF_PASSWORD } from '../../helpers/test-app';

// Real argon2 hashes for the accounts (deliberately slow).
jest.setTimeout(30_000);

/**
 * Each argon2 hash or verify takes 64 MiB: at most two run at once, so staff signing in together cannot
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
});
