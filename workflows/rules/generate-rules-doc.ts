/**
 * Writes docs/rules.md from the rule definitions, settings and sources, so the officer-facing rules
 * cannot drift from the code. A test fails when the committed file differs from renderRulesMarkdown().
 *   npm run docs
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MAX_BADGE_YEARS,
  NOT_MODELLED,
  PRINCIPLES,
  RULES,
  type NationRule,
  type Principle,
  type RuleDefinition,
} from './definitions';
import { code, markdownTable } from './markdown';
import { findPackageRoot } from './schema-files';
import { DEFAULT_RULE_SETTINGS, RULE_SETTING_DOCS } from './settings';
import { SOURCES, type Source, type SourceCode } from './sources';
import { NATIONS, type Nation, type RouteOutcome } from './types';

export const RULES_DOC_PATH = 'docs/rules.md';

const NATION_NAMES: Record<Nation, string> = { england: 'England', scotland: 'Scotland', wales: 'Wales' };

const OUTCOME_HEADINGS: Record<RouteOutcome, string> = {
  'eligible-automatic': 'Eligible without further assessment',
  'further-assessment': 'Eligible subject to further assessment',
};

const APPLICANT_LABELS: Record<RuleDefinition['applicant'], string> = {
  'young-child': 'Child under 3',
  person: 'Person aged 3 or over',
  'person-any-age': 'Person of any age',
  organisation: 'Organisation',
};

const cite = (codes: readonly SourceCode[]) => codes.join(', ');

function badgeLength(rule: NationRule): string {
  const years = rule.maxBadgeYears ?? MAX_BADGE_YEARS;
  const length = years === 1 ? '1 year' : `Up to ${years} years`;
  return rule.cappedByAward ? `${length}, not past the award's end` : length;
}

function notes(rule: NationRule): string {
  const parts = [
    rule.fastTrack ? 'Fast track.' : '',
    ...(rule.settings ?? []).map((key) => `Setting ${code(key)}.`),
  ];
  return parts.filter(Boolean).join(' ');
}

function nationSection(nation: Nation): string {
  const open = RULES.flatMap((rule) => {
    const nationRule = rule.nations[nation];
    return nationRule ? [{ rule, nationRule }] : [];
  });
  const tables = (Object.keys(OUTCOME_HEADINGS) as RouteOutcome[]).map((outcome) => {
    const rows = open
      .filter(({ nationRule }) => nationRule.outcome === outcome)
      .map(({ rule, nationRule }) => [
        code(rule.code),
        rule.name,
        APPLICANT_LABELS[rule.applicant],
        nationRule.summary,
        badgeLength(nationRule),
        notes(nationRule),
        cite(nationRule.sources),
      ]);
    const header = ['Code', 'Route', 'Who', 'What they must meet', 'Badge', 'Notes', 'Sources'];
    return `### ${OUTCOME_HEADINGS[outcome]}\n\n${markdownTable(header, rows)}`;
  });
  const closed = RULES.filter((rule) => rule.nations[nation] === undefined).map((rule) => code(rule.code));
  return [
    `## ${NATION_NAMES[nation]}`,
    ...tables,
    `### Not available in ${NATION_NAMES[nation]}\n\n${closed.join(', ')}.`,
  ].join('\n\n');
}

function principleList(principles: readonly Principle[]): string {
  return principles
    .map(
      ({ title, text, sources }) => `- **${title}.** ${text}${sources.length ? ` [${cite(sources)}]` : ''}`,
    )
    .join('\n');
}

function settingsSection(): string {
  const rows = RULE_SETTING_DOCS.map((doc) => [
    code(doc.key),
    code(JSON.stringify(DEFAULT_RULE_SETTINGS[doc.key])),
    doc.values.map((value) => code(JSON.stringify(value))).join(', '),
    doc.summary,
    cite(doc.sources),
  ]);
  return [
    '## Council settings',
    'Where the sources disagree, the kit makes a documented default choice and lets a council choose otherwise (`createEligibilityApi({ settings })`, or `assessEligibility(request, { settings })`).',
    markdownTable(['Setting', 'Default', 'Values', 'What it changes', 'Sources'], rows),
  ].join('\n\n');
}

function sourcesSection(): string {
  const rows = (Object.entries(SOURCES) as [SourceCode, Source][]).map(([key, source]) => [
    key,
    source.title,
    source.address ?? '',
  ]);
  return ['## Sources', markdownTable(['Code', 'Source', 'Address'], rows)].join('\n\n');
}

export function renderRulesMarkdown(): string {
  return (
    [
      '# Blue Badge eligibility rules',
      '<!-- Generated from workflows/rules/definitions.ts by workflows/rules/generate-rules-doc.ts: do not edit by hand. -->',
      'The reference rules the kit applies for England, Scotland and Wales, for council officers and suppliers. To change them, change `workflows/rules/definitions.ts` and run `npm run docs`; a test fails while this file is out of date. The API is described in `docs/schemas/`, and `docs/conformance/eligibility.json` holds scenarios any implementation must pass. Source codes in brackets are listed at the end.',
      '## How a result is worked out',
      principleList(PRINCIPLES),
      ...NATIONS.map(nationSection),
      settingsSection(),
      '## Not decided by the kit',
      principleList(NOT_MODELLED),
      sourcesSection(),
    ].join('\n\n') + '\n'
  );
}

export function writeRulesDoc(root: string = findPackageRoot(__dirname)): string {
  const path = join(root, RULES_DOC_PATH);
  writeFileSync(path, renderRulesMarkdown());
  return path;
}

if (require.main === module) {
  console.log(`Wrote ${writeRulesDoc()}`);
}
