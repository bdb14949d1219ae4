/**
 * The council's settings file (council.json): everything a council tailors without changing code.
 * docs/schemas/council-settings.schema.json describes every key (meaning, default, allowed values);
 * this module reads the file, fills in the defaults, and turns every problem into a sentence naming the
 * key. docs/council-settings.md is generated from the same schema (app/council-settings-doc.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { CouncilRuleSettings } from '../workflows/rules';
import type { Nation } from '../workflows/rules/types';
import { packageRoot } from './package-root';
import type { NotificationProvider } from './notifications/notifier';
import { missingTemplateIds } from './notifications/settings';

export const COUNCIL_SETTINGS_SCHEMA_PATH = 'docs/schemas/council-settings.schema.json';
/** The settings file `npm start` reads unless COUNCIL_SETTINGS_FILE names another. */
export const DEFAULT_COUNCIL_SETTINGS_FILE = 'council.json';

/** The settings in force, every key filled in. The schema is the reference for what each means. */
export interface CouncilSettings {
  council: {
    name: string;
    nation: Nation;
    contactEmail: string;
    contactPhone: string;
    contactHours: string;
    address: string;
    website: string;
  };
  /**
   * `replacementAmountPence` and `organisationAmountPence` stay `null` when the file leaves them so: they
   * then cost what a badge does, resolved where the fee is charged (`journeyFees` in app/routes/apply.ts),
   * so a badge fee changed by an override (COUNCIL_NATION, createApp's options) carries over too.
   */
  fee: {
    amountPence: number;
    replacementAmountPence: number | null;
    organisationAmountPence: number | null;
    onlinePayment: boolean;
  };
  targets: { decisionWeeks: number; routeWeeks: Partial<Record<string, number>> };
  reminders: { evidenceReminderDays: number; withdrawalDays: number; renewalReminderWeeks: number };
  decisions: { fourEyes: boolean };
  rules: CouncilRuleSettings;
  letters: { signatoryName: string; signatoryJobTitle: string; logo: string };
  /** Template ids: `<template>TemplateId` and `<template>WelshTemplateId` (app/notifications/templates.ts). */
  notifications: { provider: NotificationProvider } & Record<`${string}TemplateId`, string>;
  /** How long personal data is kept (docs/data-protection.md, app/data-protection/retention.ts). */
  retention: {
    abandonedDraftDays: number;
    closedWithoutBadgeMonths: number;
    expiredBadgeMonths: number;
    commenterEmailDays: number;
  };
  /** The /process pages (app/routes/process.ts): public, or for signed-in staff only. */
  process: { publicMaps: boolean };
  /** Comments on the process maps: `public` lets members of the public comment (held for moderation). */
  processComments: { public: boolean };
}

/** The most a council may charge for a badge, in pence, by nation [S3, W3]. */
export const MAX_FEE_PENCE: Record<Nation, number> = { england: 1000, scotland: 2000, wales: 0 };
/**
 * The most for a replacement, and for each of an organisation's badges: as for a badge, except that Wales,
 * which issues badges to individuals free, may charge £10 for either [W3].
 */
export const MAX_OTHER_FEE_PENCE: Record<Nation, number> = {
  england: 1000,
  scotland: 2000,
  wales: 1000,
};

/** The fees that, left `null`, are the badge fee (`amountPence`); each is held to MAX_OTHER_FEE_PENCE. */
const FEES_FOLLOWING_THE_BADGE_FEE = ['replacementAmountPence', 'organisationAmountPence'] as const;

/** The checks a schema cannot make, in words: docs/council-settings.md lists them. */
export const CROSS_CHECKS: ReadonlyArray<{ rule: string; sources: readonly string[] }> = [
  {
    rule: '`fee.amountPence` is at most 1000 (£10) in England and 2000 (£20) in Scotland, and 0 in Wales, which charges individuals no fee.',
    sources: ['S3', 'W3'],
  },
  {
    rule: '`fee.replacementAmountPence` and `fee.organisationAmountPence` are each at most 1000 (£10) in England and Wales and 2000 (£20) in Scotland.',
    sources: ['S3', 'W3'],
  },
  {
    rule: '`fee.onlinePayment` can be `true` only when `fee.amountPence`, `fee.replacementAmountPence` or `fee.organisationAmountPence` is more than 0.',
    sources: [],
  },
  { rule: '`reminders.withdrawalDays` is more than `reminders.evidenceReminderDays`.', sources: [] },
  {
    rule: '`letters.logo`, when set, names a file that exists (from the settings file’s folder).',
    sources: [],
  },
  {
    rule: 'When `notifications.provider` is `notify`, every English template id is set, and in Wales every Welsh one too (the Welsh Language Standards).',
    sources: [],
  },
];

/** Key names that look like a secret: refused with their own message, whatever section they are in. */
const SECRET_KEY = /secret|password|passwd|api[-_]?key|token|credential|private[-_]?key/i;

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

let schemaCache: Schema | undefined;
let validatorCache: ValidateFunction | undefined;

export function councilSettingsSchema(): Schema {
  schemaCache ??= JSON.parse(
    readFileSync(path.join(packageRoot(), COUNCIL_SETTINGS_SCHEMA_PATH), 'utf8'),
  ) as Schema;
  return structuredClone(schemaCache);
}

function validator(): ValidateFunction {
  // useDefaults fills every missing key from the schema's `default`, sections included.
  validatorCache ??= new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    useDefaults: true,
  }).compile(councilSettingsSchema());
  return validatorCache;
}

/** `/fee/amountPence` → `fee.amountPence`. */
function keyOf(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra !== undefined) parts.push(extra);
  return parts.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') || '(the file)';
}

function got(value: unknown): string {
  return ` (got ${JSON.stringify(value)})`;
}

/** One ajv error as a sentence that starts with the key. */
function describe(error: ErrorObject, data: unknown): string {
  const key = keyOf(error.instancePath);
  const value = error.instancePath
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = keyOf(error.instancePath, String(params.additionalProperty));
      return SECRET_KEY.test(String(params.additionalProperty))
        ? `${extra} looks like a secret: secrets never go in the settings file, set them as environment variables`
        : `${extra} is not a setting: check its spelling against docs/council-settings.md`;
    }
    case 'propertyNames':
      return `${key} has a key that is not allowed`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      return `${key} must be one of ${allowed.map(String).join(', ')}${got(value)}`;
    }
    case 'type':
      return `${key} must be ${
        { integer: 'a whole number', boolean: 'true or false', string: 'text', object: 'an object' }[
          String(params.type)
        ] ?? String(params.type)
      }${got(value)}`;
    case 'minimum':
      return `${key} must be ${String(params.limit)} or more${got(value)}`;
    case 'maximum':
      return `${key} must be ${String(params.limit)} or less${got(value)}`;
    case 'minLength':
      return `${key} must not be empty`;
    case 'maxLength':
      return `${key} must be ${String(params.limit)} characters or fewer`;
    case 'pattern':
      return `${key} is not in the right form${got(value)}: see docs/council-settings.md`;
    default:
      return `${key} ${error.message ?? 'is not valid'}`;
  }
}

/** Secret-looking keys anywhere, even where the schema would allow a key (routeWeeks' codes). */
function secretKeys(value: unknown, at: string[] = []): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(SECRET_KEY.test(key) ? [[...at, key].join('.')] : []),
    ...secretKeys(inner, [...at, key]),
  ]);
}

/**
 * The checks across settings (CROSS_CHECKS). `badKeys` are those the schema already refused: a check
 * that reads one is skipped, so a file with several faults gets every one named at once.
 */
export function crossCheckProblems(
  settings: CouncilSettings,
  baseFolder?: string,
  badKeys: readonly string[] = [],
): string[] {
  const usable = (...keys: string[]) =>
    keys.every((key) => !badKeys.some((bad) => key === bad || key.startsWith(`${bad}.`)));
  const problems: string[] = [];
  const { nation } = settings.council;
  const nationName = nation[0].toUpperCase() + nation.slice(1);
  const fee = settings.fee.amountPence;
  if (usable('council.nation', 'fee.amountPence') && fee > MAX_FEE_PENCE[nation]) {
    const max = MAX_FEE_PENCE[nation];
    problems.push(
      max === 0
        ? `fee.amountPence must be 0 in Wales, which charges individuals no fee for a badge (got ${fee})`
        : `fee.amountPence must be at most ${max} (£${max / 100}) in ${nationName} (got ${fee})`,
    );
  }
  // Unset (null), each is the badge fee, whose own check above speaks for it.
  const maxOther = MAX_OTHER_FEE_PENCE[nation];
  for (const key of FEES_FOLLOWING_THE_BADGE_FEE) {
    const amount = settings.fee[key];
    if (
      usable('council.nation', `fee.${key}`) &&
      amount !== null &&
      amount !== undefined &&
      amount > maxOther
    )
      problems.push(
        `fee.${key} must be at most ${maxOther} (£${maxOther / 100}) in ${nationName} (got ${amount})`,
      );
  }
  const feeKeys = ['amountPence', ...FEES_FOLLOWING_THE_BADGE_FEE] as const;
  if (
    usable('fee.onlinePayment', ...feeKeys.map((key) => `fee.${key}`)) &&
    settings.fee.onlinePayment &&
    feeKeys.every((key) => (settings.fee[key] ?? fee) === 0)
  )
    problems.push(
      'fee.onlinePayment can only be true when fee.amountPence, fee.replacementAmountPence or fee.organisationAmountPence is more than 0',
    );
  const { withdrawalDays, evidenceReminderDays } = settings.reminders;
  if (
    usable('reminders.withdrawalDays', 'reminders.evidenceReminderDays') &&
    withdrawalDays <= evidenceReminderDays
  )
    problems.push(
      `reminders.withdrawalDays (${withdrawalDays}) must be more than reminders.evidenceReminderDays (${evidenceReminderDays})`,
    );
  if (usable('notifications') && settings.notifications?.provider === 'notify') {
    const missing = missingTemplateIds(settings);
    if (missing.length > 0)
      problems.push(`notifications.provider is notify, so these must be set: ${missing.join(', ')}`);
  }
  const { logo } = settings.letters;
  if (usable('letters.logo') && logo !== '' && baseFolder !== undefined) {
    if (!existsSync(path.join(baseFolder, logo)))
      problems.push(`letters.logo names a file that does not exist: ${logo}`);
  }
  return problems;
}

/**
 * Settings from parsed JSON: the defaults filled in, or every problem, each naming its key.
 * `baseFolder` is where a relative logo path is looked for (the settings file's folder).
 */
export function parseCouncilSettings(
  raw: unknown,
  baseFolder?: string,
): { ok: true; settings: CouncilSettings } | { ok: false; problems: string[] } {
  const secrets = secretKeys(raw);
  const data = structuredClone(raw);
  const validate = validator();
  if (!validate(data) || secrets.length > 0) {
    const errors = validate.errors ?? [];
    const described = errors.map((error) => describe(error, data));
    // A section that is not an object at all leaves nothing to check across.
    const shaped = ['council', 'fee', 'reminders', 'letters'].every((section) => {
      const value = (data as Record<string, unknown> | null)?.[section];
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    });
    const badKeys = errors.map((error) => keyOf(error.instancePath));
    const problems = [
      ...secrets.map(
        (key) =>
          `${key} looks like a secret: secrets never go in the settings file, set them as environment variables`,
      ),
      ...described,
      ...(shaped && !badKeys.includes('(the file)')
        ? crossCheckProblems(data as CouncilSettings, baseFolder, badKeys)
        : []),
    ];
    return { ok: false, problems: [...new Set(problems)] };
  }
  const settings = data as CouncilSettings;
  const problems = crossCheckProblems(settings, baseFolder);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings };
}

/** Every setting at its default: what an embedding host without a settings file gets. */
export function defaultCouncilSettings(): CouncilSettings {
  const parsed = parseCouncilSettings({});
  if (!parsed.ok) throw new Error(`The schema's defaults are not valid: ${parsed.problems.join('; ')}`);
  return parsed.settings;
}

/**
 * Reads the settings file. The default file may be absent (a host embedding the kit); a file named by
 * COUNCIL_SETTINGS_FILE must exist. Problems are prefixed with the file's name.
 */
export function readCouncilSettingsFile(
  file: string | undefined,
): { ok: true; settings: CouncilSettings; file?: string } | { ok: false; problems: string[] } {
  const named = file !== undefined && file.trim() !== '';
  const resolved = named ? path.resolve(file) : path.join(packageRoot(), DEFAULT_COUNCIL_SETTINGS_FILE);
  const label = path.basename(resolved);
  if (!existsSync(resolved)) {
    if (!named) return { ok: true, settings: defaultCouncilSettings() };
    return { ok: false, problems: [`COUNCIL_SETTINGS_FILE names a file that does not exist: ${resolved}`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolved, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [`${label} is not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = parseCouncilSettings(raw, path.dirname(resolved));
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => `${label}: ${p}`) };
  return { ok: true, settings: parsed.settings, file: resolved };
}

/** What createApp options and the older environment variables may override. */
export interface CouncilOverrides {
  nation?: Nation;
  councilName?: string;
  targetWeeks?: number;
  ruleSettings?: Partial<CouncilRuleSettings>;
  /** RETENTION_DRAFT_DAYS: overrides `retention.abandonedDraftDays`. */
  retentionDraftDays?: number;
}

/** The settings with the overrides given applied (a copy). */
export function applyCouncilOverrides(
  settings: CouncilSettings,
  overrides: CouncilOverrides,
): CouncilSettings {
  const next = structuredClone(settings);
  if (overrides.nation !== undefined) next.council.nation = overrides.nation;
  if (overrides.councilName !== undefined) next.council.name = overrides.councilName;
  if (overrides.targetWeeks !== undefined) next.targets.decisionWeeks = overrides.targetWeeks;
  if (overrides.retentionDraftDays !== undefined)
    next.retention.abandonedDraftDays = overrides.retentionDraftDays;
  for (const [key, value] of Object.entries(overrides.ruleSettings ?? {}))
    if (value !== undefined) (next.rules as unknown as Record<string, unknown>)[key] = value;
  return next;
}
