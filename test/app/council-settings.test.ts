import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../app/config';
import {
  COUNCIL_SETTINGS_DOC_PATH,
  renderCouncilSettingsMarkdown,
  settingsSections,
} from '../../app/council-settings-doc';
import {
  councilSettingsSchema,
  defaultCouncilSettings,
  parseCouncilSettings,
} from '../../app/council-settings';
import { packageRoot } from '../../app/package-root';
import { RULES, RULE_SETTING_DOCS } from '../../workflows/rules';
import { NOTIFY_TEMPLATE_IDS } from '../helpers/notify-stand-in';
import { buildTestApp } from '../helpers/test-app';
import { journeyFees } from '../../app/routes/apply';

const root = packageRoot();
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'council-settings-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** A settings file in a folder of its own, and loadConfig's problems with it (none when it loads). */
function problemsWith(settings: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  const file = join(folder, 'council.json');
  writeFileSync(file, typeof settings === 'string' ? settings : JSON.stringify(settings));
  try {
    loadConfig({ COUNCIL_SETTINGS_FILE: file, ...env });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

type Node = Record<string, unknown> & { properties?: Record<string, Node> };

describe('the council settings schema', () => {
  it('gives every setting a title, a description, a default and its allowed values', () => {
    const sections = councilSettingsSchema().properties as Record<string, Node>;
    let settings = 0;
    for (const [name, section] of Object.entries(sections)) {
      if (name === '$schema') continue;
      expect(section).toMatchObject({ type: 'object', additionalProperties: false, default: {} });
      for (const [key, setting] of Object.entries(section.properties ?? {})) {
        settings += 1;
        const where = `${name}.${key}`;
        expect([where, typeof setting.title, typeof setting.description]).toEqual([
          where,
          'string',
          'string',
        ]);
        expect([where, 'default' in setting]).toEqual([where, true]);
        const bounded =
          Array.isArray(setting.enum) ||
          setting.type === 'boolean' ||
          // A number that may be null (meaning "as another setting") is bounded like any number.
          ((setting.type === 'integer' ||
            (Array.isArray(setting.type) && setting.type.join() === 'integer,null')) &&
            'minimum' in setting &&
            'maximum' in setting) ||
          (setting.type === 'string' && 'maxLength' in setting) ||
          (setting.type === 'object' && 'propertyNames' in setting);
        expect([where, bounded]).toEqual([where, true]);
      }
    }
    expect(settings).toBe(settingsSections().flatMap((s) => s.settings).length);
    expect(settings).toBeGreaterThanOrEqual(20);
  });

  it('has no key that looks like a secret', () => {
    const keys = JSON.stringify(councilSettingsSchema()).match(/"[A-Za-z]+":/g) ?? [];
    expect(keys.filter((key) => /secret|password|apikey|token|credential/i.test(key))).toEqual([]);
  });

  it('offers the rule settings and route codes the rules define', () => {
    const schema = councilSettingsSchema().properties as Record<string, Node>;
    const rules = schema.rules.properties!;
    for (const doc of RULE_SETTING_DOCS) {
      const values = rules[doc.key].enum ?? [true, false];
      expect([...(values as unknown[])].sort()).toEqual([...doc.values].sort());
    }
    const routeWeeks = schema.targets.properties!.routeWeeks as { propertyNames: { enum: string[] } };
    expect([...routeWeeks.propertyNames.enum].sort()).toEqual(RULES.map((rule) => rule.code).sort());
  });
});

describe('reading the council settings', () => {
  it('fills in every default', () => {
    const settings = defaultCouncilSettings();
    expect(settings).toMatchObject({
      council: { name: 'Demo Council', nation: 'england', contactEmail: '' },
      fee: {
        amountPence: 0,
        replacementAmountPence: null,
        organisationAmountPence: null,
        onlinePayment: false,
      },
      targets: { decisionWeeks: 12, routeWeeks: {} },
      reminders: { evidenceReminderDays: 14, withdrawalDays: 28, renewalReminderWeeks: 12 },
      decisions: { fourEyes: false },
      rules: { terminalIllnessAutomatic: false, childAgeReading: 'under-3' },
      letters: { signatoryName: 'Blue Badge team', logo: '' },
    });
    // A partial file keeps what it says and defaults the rest.
    const parsed = parseCouncilSettings({ fee: { amountPence: 700 } });
    // A replacement costs what a badge does unless the file says otherwise.
    expect(parsed.ok && parsed.settings.fee).toEqual({
      amountPence: 700,
      replacementAmountPence: null,
      organisationAmountPence: null,
      onlinePayment: false,
    });
    expect(parsed.ok && journeyFees(parsed.settings.fee, false)).toEqual({
      application: { amountPence: 700, onlinePayment: false },
      replacement: { amountPence: 700, onlinePayment: false },
      organisation: { amountPence: 700, onlinePayment: false },
    });
  });

  it('reads the committed council.json, which is what npm start uses', () => {
    const config = loadConfig({});
    expect(config.councilSettingsFile).toBe(join(root, 'council.json'));
    const committed = JSON.parse(readFileSync(join(root, 'council.json'), 'utf8')) as Node;
    const parsed = parseCouncilSettings(committed);
    expect(parsed.ok).toBe(true);
    expect(config.council).toEqual(parsed.ok && parsed.settings);
    // The flat fields older code reads are copies of the settings, not a second source.
    expect(config).toMatchObject({
      nation: config.council.council.nation,
      councilName: config.council.council.name,
      targetWeeks: config.council.targets.decisionWeeks,
      ruleSettings: config.council.rules,
    });
  });

  it('stops start-up naming each bad key and value', () => {
    const problems = problemsWith({
      council: { nation: 'narnia', name: '' },
      fee: { amountPence: 5000, onlinePayment: 'yes' },
      targets: { decisionWeeks: 0, routeWeeks: { TERMILL: 2, NOPE: 3 } },
      reminders: { withdrawlDays: 30 },
      rules: { childAgeReading: 'under-4' },
      letters: { logo: '/etc/passwd.png' },
    });
    const text = problems.join('\n');
    expect(text).toContain(
      'council.json: council.nation must be one of england, scotland, wales (got "narnia")',
    );
    expect(text).toContain('council.json: council.name must not be empty');
    expect(text).toContain('council.json: fee.amountPence must be 2000 or less (got 5000)');
    expect(text).toContain('council.json: fee.onlinePayment must be true or false (got "yes")');
    expect(text).toContain('council.json: targets.decisionWeeks must be 1 or more (got 0)');
    expect(text).toContain('council.json: targets.routeWeeks has a key that is not allowed');
    expect(text).toContain('council.json: reminders.withdrawlDays is not a setting');
    expect(text).toContain('council.json: rules.childAgeReading must be one of under-3, not-more-than-3');
    expect(text).toContain('council.json: letters.logo is not in the right form');
    expect(problems.every((p) => p.startsWith('council.json: '))).toBe(true);
    // Checks across settings still run on the keys that are fine in themselves.
    expect(
      problemsWith({
        council: { nation: 'england' },
        fee: { amountPence: 1500 },
        decisions: { fourEyes: 1 },
      }),
    ).toEqual([
      'council.json: decisions.fourEyes must be true or false (got 1)',
      'council.json: fee.amountPence must be at most 1000 (£10) in England (got 1500)',
    ]);
    // …but not on one the schema refused.
    expect(problemsWith({ council: { nation: 'narnia' }, fee: { amountPence: 1500 } })).toEqual([
      'council.json: council.nation must be one of england, scotland, wales (got "narnia")',
    ]);
    expect(problemsWith({ fee: 'free' })).toEqual(['council.json: fee must be an object (got "free")']);
  });

  it('holds each nation to its fee limit: England £10, Scotland £20, Wales none', () => {
    const fee = (nation: string, amountPence: number) =>
      problemsWith({ council: { nation }, fee: { amountPence } });
    expect(fee('england', 1000)).toEqual([]);
    expect(fee('england', 1001)).toEqual([
      'council.json: fee.amountPence must be at most 1000 (£10) in England (got 1001)',
    ]);
    expect(fee('scotland', 2000)).toEqual([]);
    expect(fee('wales', 0)).toEqual([]);
    expect(fee('wales', 500).join()).toContain('fee.amountPence must be 0 in Wales');
    expect(problemsWith({ fee: { onlinePayment: true } }).join()).toContain(
      'fee.onlinePayment can only be true when fee.amountPence, fee.replacementAmountPence or fee.organisationAmountPence is more than 0',
    );
  });

  it.each(['replacementAmountPence', 'organisationAmountPence'])(
    'holds fee.%s to its own limit (England and Wales £10, Scotland £20) and lets it alone be paid online [S3, W3]',
    (key) => {
      const withFee = (nation: string, amountPence: number, amount: unknown) =>
        problemsWith({ council: { nation }, fee: { amountPence, [key]: amount } });
      expect(withFee('wales', 0, 1000)).toEqual([]);
      expect(withFee('wales', 0, 1001)).toEqual([
        `council.json: fee.${key} must be at most 1000 (£10) in Wales (got 1001)`,
      ]);
      expect(withFee('england', 1000, 1001)).toEqual([
        `council.json: fee.${key} must be at most 1000 (£10) in England (got 1001)`,
      ]);
      expect(withFee('scotland', 2000, 2000)).toEqual([]);
      expect(withFee('scotland', 0, 2001).join()).toContain(`fee.${key}`);
      expect(withFee('england', 1000, null)).toEqual([]);
      // Left to follow a badge fee that is itself too high, only the badge fee is named.
      expect(withFee('england', 1500, null)).toEqual([
        'council.json: fee.amountPence must be at most 1000 (£10) in England (got 1500)',
      ]);
      expect(withFee('wales', 0, -1).join()).toContain(`fee.${key}`);
      expect(withFee('wales', 0, '£10').join()).toContain(`fee.${key}`);
      // Online payment is allowed for it in Wales, though a person's badge is free.
      expect(
        problemsWith(
          { council: { nation: 'wales' }, fee: { [key]: 1000, onlinePayment: true } },
          { PAY_API_KEY: 'test-pay-key' },
        ),
      ).toEqual([]);
      const parsed = parseCouncilSettings({ council: { nation: 'wales' }, fee: { [key]: 1000 } });
      expect(parsed.ok && parsed.settings.fee).toEqual({
        amountPence: 0,
        replacementAmountPence: null,
        organisationAmountPence: null,
        onlinePayment: false,
        [key]: 1000,
      });
    },
  );

  it('needs the withdrawal to come after the evidence reminder', () => {
    expect(problemsWith({ reminders: { evidenceReminderDays: 30, withdrawalDays: 30 } }).join()).toContain(
      'reminders.withdrawalDays (30) must be more than reminders.evidenceReminderDays (30)',
    );
  });

  it('refuses secrets in the file, wherever they are', () => {
    const text = problemsWith({
      apiKey: 'abc',
      fee: { payApiKey: 'def' },
      letters: { password: 'x' },
      council: { clientSecret: 'y' },
    }).join('\n');
    for (const key of ['apiKey', 'fee.payApiKey', 'letters.password', 'council.clientSecret'])
      expect(text).toContain(
        `council.json: ${key} looks like a secret: secrets never go in the settings file`,
      );
    expect(text).not.toContain('abc');
  });

  it('lets the older environment variables override the file, and checks the result', () => {
    const config = (() => {
      const file = join(folder, 'council.json');
      writeFileSync(
        file,
        JSON.stringify({ council: { name: 'File Council' }, targets: { decisionWeeks: 10 } }),
      );
      return loadConfig({
        COUNCIL_SETTINGS_FILE: file,
        TARGET_WEEKS: '16',
        CHILD_AGE_READING: 'not-more-than-3',
      });
    })();
    expect(config.council.targets.decisionWeeks).toBe(16);
    expect(config.targetWeeks).toBe(16);
    expect(config.council.rules.childAgeReading).toBe('not-more-than-3');
    expect(config.councilName).toBe('File Council');
    expect(
      problemsWith(
        { council: { nation: 'england' }, fee: { amountPence: 1000 } },
        { COUNCIL_NATION: 'wales' },
      ),
    ).toEqual([
      "fee.amountPence must be 0 in Wales, which charges individuals no fee for a badge (got 1000), with the environment's overrides",
    ]);
    // One problem, the badge fee's: the fees left unset follow it and are not named too.
    expect(
      problemsWith(
        { council: { nation: 'scotland' }, fee: { amountPence: 2000 } },
        { COUNCIL_NATION: 'england' },
      ),
    ).toEqual([
      "fee.amountPence must be at most 1000 (£10) in England (got 2000), with the environment's overrides",
    ]);
  });

  it('names a missing or broken settings file', () => {
    expect(() => loadConfig({ COUNCIL_SETTINGS_FILE: join(folder, 'nowhere.json') })).toThrow(
      /COUNCIL_SETTINGS_FILE names a file that does not exist/,
    );
    expect(problemsWith('{ "council": ').join()).toMatch(/^council.json is not valid JSON/);
  });

  it('needs the logo file to exist beside the settings file', () => {
    expect(problemsWith({ letters: { logo: 'branding/logo.png' } })).toEqual([
      'council.json: letters.logo names a file that does not exist: branding/logo.png',
    ]);
    writeFileSync(join(folder, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(problemsWith({ letters: { logo: 'logo.svg' } })).toEqual([]);
  });

  it('takes settings and overrides from createApp options, checked the same way', async () => {
    const app = await buildTestApp({ council: { fee: { amountPence: 900 } }, targetWeeks: 9 });
    try {
      expect(app.kit.config.council.fee.amountPence).toBe(900);
      expect(app.kit.config.council.targets.decisionWeeks).toBe(9);
      expect(app.locals.targetWeeks).toBe(9);
    } finally {
      await app.kit.close();
    }
    await expect(buildTestApp({ council: { fee: { amountPence: 900 } }, nation: 'wales' })).rejects.toThrow(
      /fee.amountPence must be 0 in Wales/,
    );
    await expect(buildTestApp({ council: { fee: { apiKey: 'x' } } })).rejects.toThrow(/looks like a secret/);
  });
});

describe('links in emails', () => {
  const notify = { notifications: { provider: 'notify', ...NOTIFY_TEMPLATE_IDS } };
  const apiKey = `kit_test-${randomUUID()}-${randomUUID()}`;

  it('need SERVICE_URL when emails go through GOV.UK Notify: a reminder sent by a timer has no request to take an address from', () => {
    expect(problemsWith(notify, { NOTIFY_API_KEY: apiKey })).toEqual([
      expect.stringMatching(/^SERVICE_URL must be set when notifications.provider is notify/),
    ]);
    expect(
      problemsWith(notify, { NOTIFY_API_KEY: apiKey, SERVICE_URL: 'https://badges.example.gov.uk' }),
    ).toEqual([]);
    // Emails kept in the outbox and never sent (the default): no address needed.
    expect(problemsWith({ notifications: { provider: 'outbox' } })).toEqual([]);
  });
});

describe('docs/council-settings.md', () => {
  const docPath = join(root, COUNCIL_SETTINGS_DOC_PATH);

  it('is generated from the schema and up to date', () => {
    // If this fails: npm run docs
    expect(readFileSync(docPath, 'utf8')).toBe(renderCouncilSettingsMarkdown());
  });

  it('documents every setting with its default, and is formatted as prettier would', () => {
    const markdown = renderCouncilSettingsMarkdown();
    for (const setting of settingsSections().flatMap((s) => s.settings)) {
      expect(markdown).toContain(`| \`${setting.key}\``);
      expect(markdown).toContain(`\`${JSON.stringify(setting.defaultValue)}\``);
    }
    const prettier = require.resolve('prettier/bin/prettier.cjs');
    expect(() =>
      execFileSync(process.execPath, [prettier, '--check', docPath], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  });
});
