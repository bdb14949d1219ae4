import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { applicationMachine as realMachine } from '../../workflows/application/machine';
import type { Persona } from '../../workflows/application/personas';
import { applyEvent, startSnapshot } from '../../workflows/engine/xstate-adapter';
import type { JourneyEvent } from '../../workflows/journey/events';
import type { JourneyPage } from '../../workflows/journey/pages';
import type { ProcessMap } from '../../workflows/process-map';
import { findPackageRoot } from '../../workflows/rules/schema-files';
import { VirtualModules } from '../helpers/virtual-modules';

/**
 * docs/extending.md stays true: its first worked example (a new question step) is applied, snippet by
 * snippet, to an in-memory copy of the application workflow, and the copy works as the guide says.
 */

jest.setTimeout(60_000);

const root = findPackageRoot(__dirname);
const guide = readFileSync(path.join(root, 'docs/extending.md'), 'utf8');

interface Edit {
  action: 'insert-before' | 'replace' | 'merge-json';
  file: string;
  anchor?: string;
  code: string;
}

function editsOf(example: number): Edit[] {
  const pattern = new RegExp(
    `<!-- example-${example}: (insert-before|replace|merge-json) (\\S+)(?: "(.*)")? -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``,
    'g',
  );
  return [...guide.matchAll(pattern)].map(([, action, file, anchor, code]) => ({
    action: action as Edit['action'],
    file,
    anchor,
    code,
  }));
}

/** The changed files, by path from the kit's root. Each anchor must be found exactly once. */
function apply(edits: Edit[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const edit of edits) {
    const text = files.get(edit.file) ?? readFileSync(path.join(root, edit.file), 'utf8');
    if (edit.action === 'merge-json') {
      const words = JSON.parse(text) as Record<string, unknown>;
      const added = JSON.parse(edit.code) as Record<string, unknown>;
      for (const key of Object.keys(added))
        if (key in words) throw new Error(`${edit.file} already has ${key}`);
      files.set(edit.file, JSON.stringify({ ...words, ...added }, null, 2));
      continue;
    }
    const anchor = edit.anchor ?? '';
    if (text.split(anchor).length !== 2) throw new Error(`"${anchor}" is not found once in ${edit.file}`);
    const replacement = edit.action === 'replace' ? edit.code.replace(/\n$/, '') : `${edit.code}${anchor}`;
    files.set(
      edit.file,
      text.replace(anchor, () => replacement),
    );
  }
  return files;
}

describe('docs/extending.md, example 1: add a question step', () => {
  const edits = editsOf(1);
  const changed = apply(edits);
  const copy = new VirtualModules(root, changed);
  const { applicationMachine } = copy.load<{ applicationMachine: AnyStateMachine }>(
    'workflows/application/machine.ts',
  );
  const { applicationPages } = copy.load<{ applicationPages: Record<string, JourneyPage> }>(
    'workflows/application/pages.ts',
  );
  const { PERSONAS, personaEvents } = copy.load<{
    PERSONAS: Persona[];
    personaEvents: (persona: Persona) => JourneyEvent[];
  }>('workflows/application/personas.ts');

  it('touches the files it says: the page, the statechart, the words in two languages, and the personas', () => {
    expect([...new Set(edits.map((e) => e.file))]).toEqual([
      'workflows/application/pages.ts',
      'workflows/application/machine.ts',
      'workflows/application/locales/en.json',
      'workflows/application/locales/cy.json',
      'workflows/application/personas.ts',
    ]);
    expect(guide).toContain('You touch four files for the service');
  });

  it('adds a state with its page, at an address of its own', () => {
    expect(applicationMachine.root.states.contactPreference.meta).toEqual({
      page: applicationPages.contactPreference,
    });
    const paths = Object.values(applicationPages).map((page) => page.path);
    expect(paths).toContain('contact-preference');
    expect(new Set(paths).size).toBe(paths.length);
    // The real workflow is untouched.
    expect(Object.keys(realMachine.root.states)).not.toContain('contactPreference');
  });

  it('takes every example applicant to the end they expect, through the new page', () => {
    const { answersOnPath } = copy.load<{
      answersOnPath: typeof import('../../workflows/journey/path').answersOnPath;
    }>('workflows/journey/path.ts');
    const { applicationInput } = copy.load<{ applicationInput: (c: unknown) => unknown }>(
      'workflows/application/machine.ts',
    );
    let throughNewPage = 0;
    for (const persona of PERSONAS) {
      let snapshot = startSnapshot(applicationMachine, { nation: persona.nation }).snapshot;
      const visited: string[] = [];
      for (const event of personaEvents(persona)) {
        visited.push(String(snapshot.value));
        const outcome = applyEvent(applicationMachine, snapshot, event);
        if (!outcome.changed)
          throw new Error(`${persona.name}: ${event.type} refused in ${String(snapshot.value)}`);
        snapshot = outcome.snapshot;
      }
      expect([persona.name, snapshot.value]).toEqual([
        persona.name,
        persona.expected ? 'submitted' : 'notEligible',
      ]);
      if (visited.includes('contactPreference')) {
        throughNewPage += 1;
        const onPath = answersOnPath(
          applicationMachine,
          snapshot.context,
          applicationInput(snapshot.context),
        );
        expect(onPath.answers.contactPreference).toEqual({ preference: 'email' });
      }
    }
    expect(throughNewPage).toBe(
      PERSONAS.filter((p) => p.expected && p.steps.some((s) => s.state === 'fullName')).length,
    );
    expect(throughNewPage).toBeGreaterThan(0);
  });

  it('has the page’s words in English and Welsh', () => {
    for (const language of ['en', 'cy']) {
      const words = JSON.parse(changed.get(`workflows/application/locales/${language}.json`)!);
      const page = words.contactPreference;
      const field = applicationPages.contactPreference.fields[0];
      expect(typeof page.title).toBe('string');
      expect(typeof page.fields[field.name].label).toBe('string');
      expect(typeof page.fields[field.name].errors.required).toBe('string');
      if (field.kind === 'radios') {
        for (const option of field.options)
          expect(typeof page.fields[field.name].options[option.value]).toBe('string');
      }
    }
  });

  it('shows the new step on the process map, linked to its screen', () => {
    const { processMap } = copy.load<{ processMap: (kind: string) => ProcessMap }>(
      'workflows/process-map/index.ts',
    );
    const state = processMap('application').states.find((s) => s.id === 'contactPreference');
    expect(state?.screen?.href).toBe('/apply/contact-preference');
    expect(state?.description).toBe('Page: “How would you like us to contact you?”');
  });
});
