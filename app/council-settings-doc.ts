/**
 * Writes docs/council-settings.md from the settings schema, so the documentation cannot drift from what
 * the kit accepts. A test fails when the committed file differs from renderCouncilSettingsMarkdown().
 *   npm run docs
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { code, markdownTable } from '../workflows/rules/markdown';
import { SOURCES } from '../workflows/rules/sources';
import { COUNCIL_SETTINGS_SCHEMA_PATH, councilSettingsSchema, CROSS_CHECKS } from './council-settings';
import { packageRoot } from './package-root';

export const COUNCIL_SETTINGS_DOC_PATH = 'docs/council-settings.md';

/** Sources the settings cite that the rules do not (from the scheme reference's source list). */
const EXTRA_SOURCES: Record<string, { title: string; address?: string }> = {
  W3: { title: 'Welsh Statutory Instrument 2012/309', address: 'legislation.gov.uk/wsi/2012/309' },
  O12: { title: 'Manchester City Council: replacement Blue Badge fees', address: 'manchester.gov.uk' },
};

/** The environment variables that override a setting (older deployments set them). */
export const ENVIRONMENT_OVERRIDES: ReadonlyArray<{ variable: string; setting: string }> = [
  { variable: 'COUNCIL_NAME', setting: 'council.name' },
  { variable: 'COUNCIL_NATION', setting: 'council.nation' },
  { variable: 'TARGET_WEEKS', setting: 'targets.decisionWeeks' },
  { variable: 'TERMINAL_ILLNESS_AUTOMATIC', setting: 'rules.terminalIllnessAutomatic' },
  { variable: 'CHILD_AGE_READING', setting: 'rules.childAgeReading' },
];

interface PropertySchema {
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  propertyNames?: { enum?: string[] };
  additionalProperties?: PropertySchema | boolean;
  properties?: Record<string, PropertySchema>;
}

export interface SettingDoc {
  key: string;
  title: string;
  description: string;
  defaultValue: unknown;
  allowed: string;
}

export interface SectionDoc {
  key: string;
  title: string;
  description: string;
  settings: SettingDoc[];
}

/** What values a setting takes, in words, from its schema. */
export function allowedValues(schema: PropertySchema): string {
  if (schema.enum) return schema.enum.map((value) => code(String(value))).join(', ');
  if (Array.isArray(schema.type)) {
    const [type] = schema.type.filter((name) => name !== 'null');
    return `${allowedValues({ ...schema, type })}, or \`null\``;
  }
  switch (schema.type) {
    case 'boolean':
      return '`true` or `false`';
    case 'integer':
      return `whole number from ${schema.minimum} to ${schema.maximum}`;
    case 'object': {
      const keys = schema.propertyNames?.enum ?? [];
      const inner = schema.additionalProperties as PropertySchema;
      return `route code (${keys.map(code).join(', ')}) to ${allowedValues(inner).replace(/^whole number/, 'weeks')}`;
    }
    default: {
      const length =
        schema.minLength && schema.minLength > 0
          ? `1 to ${schema.maxLength} characters`
          : `up to ${schema.maxLength} characters`;
      return schema.pattern?.startsWith('^$|') ? `empty, or ${describePattern(schema)}` : `text, ${length}`;
    }
  }
}

function describePattern(schema: PropertySchema): string {
  const pattern = schema.pattern ?? '';
  if (pattern.includes('@')) return 'an email address';
  if (pattern.includes('https://')) return 'an `https://` address';
  if (pattern.includes('png')) return 'a `.png`, `.jpg`, `.jpeg` or `.svg` path inside the kit’s folder';
  // A UUID's pattern has digits too: told apart first, or a template id reads as a telephone number.
  if (pattern.includes('[0-9a-f]{8}-')) return 'a GOV.UK Notify template id (a UUID)';
  if (pattern.includes('0-9')) return 'a telephone number';
  return `text matching ${code(pattern)}`;
}

/** The schema as sections of settings: the doc and the staff settings page are both built from it. */
export function settingsSections(): SectionDoc[] {
  const root = councilSettingsSchema() as PropertySchema;
  return Object.entries(root.properties ?? {})
    .filter(([, section]) => section.type === 'object')
    .map(([key, section]) => ({
      key,
      title: section.title ?? key,
      description: section.description ?? '',
      settings: Object.entries(section.properties ?? {}).map(([name, schema]) => ({
        key: `${key}.${name}`,
        title: schema.title ?? name,
        description: schema.description ?? '',
        defaultValue: schema.default,
        allowed: allowedValues(schema),
      })),
    }));
}

function citedSources(text: string): string[] {
  return [...text.matchAll(/\[([A-Z0-9, -]+)\]/g)].flatMap((match) => match[1].split(/,\s*/));
}

export function renderCouncilSettingsMarkdown(): string {
  const sections = settingsSections();
  const cited = new Set([
    ...sections.flatMap((section) => [
      ...citedSources(section.description),
      ...section.settings.flatMap((setting) => citedSources(setting.description)),
    ]),
    ...CROSS_CHECKS.flatMap((check) => check.sources),
  ]);
  const sources = [...cited].sort().map((key) => {
    const source =
      (SOURCES as Record<string, { title: string; address?: string }>)[key] ?? EXTRA_SOURCES[key];
    if (!source) throw new Error(`The settings cite ${key}, which is not a known source`);
    return [key, source.title, source.address ?? ''];
  });
  const lines = [
    '# Council settings',
    '',
    '<!-- Generated from docs/schemas/council-settings.schema.json by `npm run docs`: do not edit by hand. -->',
    '',
    'Everything a council tailors without changing code lives in one file, `council.json` at the kit’s',
    'root (or the file `COUNCIL_SETTINGS_FILE` names). The kit checks it at start-up and refuses to start,',
    'naming each bad key, when a value is wrong. Every setting is optional: a key left out takes',
    `its default. ${code(COUNCIL_SETTINGS_SCHEMA_PATH)} describes the file as a JSON Schema, so an editor`,
    'that reads `"$schema"` completes and checks it as you type. Administrators see the settings in force',
    'on the staff page **Settings** (`/staff/settings`).',
    '',
    '**Secrets never go in this file**: API keys, passwords and client secrets are environment variables',
    '(see the README). A key that looks like one (`apiKey`, `secret`, `password`, `token`…) is refused.',
    '',
    ...sections.flatMap((section) => [
      `## ${section.title} (${code(section.key)})`,
      '',
      section.description,
      '',
      markdownTable(
        ['Setting', 'Meaning', 'Default', 'Allowed values'],
        section.settings.map((setting) => [
          code(setting.key),
          `**${setting.title}.** ${setting.description}`,
          code(JSON.stringify(setting.defaultValue)),
          setting.allowed,
        ]),
      ),
      '',
    ]),
    '## Checks across settings',
    '',
    'Besides each value’s own limits, the kit checks:',
    '',
    ...CROSS_CHECKS.map(
      (check) => `- ${check.rule}${check.sources.length > 0 ? ` [${check.sources.join(', ')}]` : ''}`,
    ),
    '',
    '## Environment variables that override a setting',
    '',
    'Deployments that set these before the settings file existed keep working: where one is set, it wins',
    'over the file. Prefer the file.',
    '',
    markdownTable(
      ['Variable', 'Setting'],
      ENVIRONMENT_OVERRIDES.map((o) => [code(o.variable), code(o.setting)]),
    ),
    '',
    '## Sources',
    '',
    markdownTable(['Code', 'Source', 'Where'], sources),
    '',
  ];
  return lines.join('\n');
}

export function writeCouncilSettingsDoc(root: string = packageRoot()): string {
  const file = join(root, COUNCIL_SETTINGS_DOC_PATH);
  writeFileSync(file, renderCouncilSettingsMarkdown());
  return file;
}

if (require.main === module) {
  console.log(`Wrote ${writeCouncilSettingsDoc()}`);
}
