import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../app/cli';
import { connectDatabase } from '../../app/db/connect';
import { verifyStaffCredentials } from '../../app/services/staff';
import { migrations } from '../../migrations';
import { countRows } from '../helpers/database';

describe('the operators’ command line (npm run kit -- …)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let output: string[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-cli-'));
    env = {
      DATABASE_URL: `sqlite://${path.join(dir, 'kit.sqlite')}`,
      COUNCIL_NAME: 'Cli Council',
      UPLOAD_DIR: path.join(dir, 'uploads'),
    };
    output = [];
    jest.spyOn(console, 'log').mockImplementation((...args) => void output.push(args.join(' ')));
    jest.spyOn(console, 'error').mockImplementation((...args) => void output.push(args.join(' ')));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, then reports the database is up to date', async () => {
    expect(await runCli(['migrate'], env)).toBe(0);
    expect(output.join('\n')).toContain(`Ran ${migrations.length} migration`);
    expect(await runCli(['migrate'], env)).toBe(0);
    expect(output.join('\n')).toMatch(/up to date/);
  });

  it('creates a staff account whose password works, taking it from STAFF_PASSWORD', async () => {
    const code = await runCli(
      [
        'create-staff',
        '--email',
        'New.Officer@Council.gov.uk',
        '--name',
        'New Officer',
        '--role',
        'assessor',
      ],
      {
        ...env,
        STAFF_PASSWORD: 'a-long-enough-password',
      },
    );
    expect(code).toBe(0);
    const db = connectDatabase(env.DATABASE_URL!);
    try {
      const user = await verifyStaffCredentials(db, 'new.officer@council.gov.uk', 'a-long-enough-password');
      expect(user).toMatchObject({ role: 'assessor', name: 'New Officer' });
      expect(
        await verifyStaffCredentials(db, 'new.officer@council.gov.uk', 'wrong-password-here'),
      ).toBeUndefined();
    } finally {
      await db.destroy();
    }
    expect(
      await runCli(
        ['create-staff', '--email', 'new.officer@council.gov.uk', '--name', 'Again', '--role', 'assessor'],
        { ...env, STAFF_PASSWORD: 'a-long-enough-password' },
      ),
    ).toBe(2);
    expect(output.join('\n')).toMatch(/already exists/);
  });

  it('explains what is wrong with a bad create-staff command', async () => {
    const code = await runCli(['create-staff', '--email', 'nope', '--name', '', '--role', 'boss'], {
      ...env,
      STAFF_PASSWORD: 'short',
    });
    expect(code).toBe(2);
    const text = output.join('\n');
    expect(text).toMatch(/email must be an email address/);
    expect(text).toMatch(/role must be one of/);
    expect(text).toMatch(/password must be at least 12 characters/);
  });

  it('seeds demo data once, and never in production', async () => {
    expect(await runCli(['seed-demo'], env)).toBe(0);
    expect(output.join('\n')).toMatch(/decision.maker@example.gov.uk/);
    const db = connectDatabase(env.DATABASE_URL!);
    try {
      expect(await countRows(db, 'cases')).toBe(4);
      expect(await countRows(db, 'staff_users')).toBe(5);
      // Each demo application comes with its photo and proofs, stored as uploads are.
      const photos = await db('evidence').where({ section: 'PHOTO' }).select('storage_key');
      expect(photos).toHaveLength(4);
      for (const { storage_key: key } of photos) {
        expect(fs.existsSync(path.join(dir, 'uploads', key.slice(0, 2), key))).toBe(true);
      }
    } finally {
      await db.destroy();
    }
    expect(await runCli(['seed-demo'], env)).toBe(0);
    expect(output.join('\n')).toMatch(/nothing was added/);
    expect(
      await runCli(['seed-demo'], { ...env, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) }),
    ).toBe(2);
  });

  it('prints usage for an unknown command', async () => {
    expect(await runCli(['frobnicate'], env)).toBe(2);
    expect(output.join('\n')).toMatch(/Usage: npm run kit/);
  });

  it('migrate-workflow checks its arguments and the version asked for, and reports what it moved', async () => {
    expect(await runCli(['migrate-workflow', 'nonsense', '--to', '2'], env)).toBe(2);
    expect(output.join('\n')).toContain(
      'Usage: npm run kit -- migrate-workflow <application|replacement|case|badge>',
    );
    expect(await runCli(['migrate-workflow', 'case', '--to', '99'], env)).toBe(2);
    expect(output.join('\n')).toContain('The case workflow has no version 99 in this kit.');
    expect(await runCli(['seed-demo'], env)).toBe(0);
    output.length = 0;
    expect(await runCli(['migrate-workflow', 'case', '--to', '1', '--dry-run'], env)).toBe(0);
    expect(output.join('\n')).toMatch(
      /^case → version 1 \(dry run: nothing was changed\): would move 0, refused 0/,
    );
  });
});
