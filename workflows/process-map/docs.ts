/**
 * Writes docs/process/: a Markdown page and an SVG diagram per workflow, and README.md listing them, all
 * from the statecharts, so the published process cannot drift from the running one. Other files in the
 * folder (CHANGELOG.md…) are left alone. A test fails when the committed files differ.
 *   npm run docs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { code, markdownTable } from '../rules/markdown';
import { findPackageRoot } from '../rules/schema-files';
import { whoActs } from './dot';
import { processMap, processMapSvg, WORKFLOW_KINDS } from './index';
import type { ProcessMap, ProcessTransition } from './model';

export const PROCESS_DOCS_DIR = 'docs/process';

const inline = (text: string) => text.replace(/\n/g, ' ');

function targetsInWords(transition: ProcessTransition): string {
  return transition.targets.length > 0 ? transition.targets.map(code).join(', ') : 'stays here';
}

function transitionRow(transition: ProcessTransition, from: string): string[] {
  return [
    from,
    code(transition.event),
    transition.guard ? transition.guard.description : '',
    transition.permission ? `${code(transition.permission)}` : '',
    targetsInWords(transition),
    transition.description ?? '',
  ];
}

export function renderProcessMarkdown(map: ProcessMap): string {
  const states = markdownTable(
    ['State', 'What it means', 'Who acts', 'Target time', 'Screen'],
    map.states.map((state) => [
      `${'› '.repeat(state.depth)}${code(state.id)}${state.kind === 'final' ? ' (final)' : ''}${state.initial && !state.parent ? ' (start)' : ''}`,
      state.description ?? '',
      whoActs(state).join(', ') || (state.automatic ? 'automatic' : ''),
      state.targetTime ?? '',
      state.screen ? code(state.screen.href) : '',
    ]),
  );
  const drawn = map.states.flatMap((state) =>
    state.transitions.filter((t) => !t.summarisedBy).map((t) => transitionRow(t, code(state.id))),
  );
  const anywhere = map.anywhere.filter((t) => !t.summarisedBy).map((t) => transitionRow(t, 'any state'));
  const transitions = markdownTable(
    ['From', 'Event', 'Only if', 'Permission', 'To', 'What happens'],
    [...drawn, ...anywhere],
  );
  const notes = map.notes.map((note) => `- ${note}`).join('\n');
  return [
    `# Process map: ${map.id} (version ${map.version})`,
    '',
    '<!-- Generated from the statechart by `npm run docs` (workflows/process-map/docs.ts). Do not edit. -->',
    '',
    map.description,
    '',
    `![The ${map.id} workflow as a diagram: the tables below say the same](${map.id}.svg)`,
    '',
    '## States',
    '',
    states,
    '',
    '## Transitions',
    '',
    'Blue arrows in the diagram are staff actions (they need the permission shown); dashed ones happen by themselves.',
    '',
    transitions,
    '',
    ...(notes ? ['## Also', '', notes, ''] : []),
  ].join('\n');
}

export function renderProcessIndex(maps: ProcessMap[]): string {
  const table = markdownTable(
    ['Workflow', 'Version', 'What it covers', 'States'],
    maps.map((map) => [
      `[${map.id}](${map.id}.md)`,
      String(map.version),
      inline(map.description),
      String(map.states.length),
    ]),
  );
  return [
    '# Process maps',
    '',
    '<!-- Generated from the statecharts by `npm run docs` (workflows/process-map/docs.ts). Do not edit. -->',
    '',
    'Every workflow the kit runs, drawn from its statechart (`workflows/registry.ts`). The same maps are',
    'served by the kit at `/process`. Target times are the settings schema’s defaults; a council’s own are',
    'shown on its `/process` pages.',
    '',
    table,
    '',
  ].join('\n');
}

/** Every file docs/process/ gets from the statecharts, by name. */
export async function processDocs(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const maps = WORKFLOW_KINDS.map((kind) => processMap(kind));
  for (const map of maps) {
    files[`${map.id}.md`] = renderProcessMarkdown(map);
    files[`${map.id}.svg`] = await processMapSvg(map.id as (typeof WORKFLOW_KINDS)[number]);
  }
  files['README.md'] = renderProcessIndex(maps);
  return files;
}

export async function writeProcessDocs(root = findPackageRoot(__dirname)): Promise<string[]> {
  const folder = join(root, PROCESS_DOCS_DIR);
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(await processDocs())) {
    writeFileSync(join(folder, name), text);
    written.push(join(folder, name));
  }
  return written;
}

if (require.main === module) {
  writeProcessDocs().then(
    (written) => console.log(`Wrote ${written.length} files to ${PROCESS_DOCS_DIR}/`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
