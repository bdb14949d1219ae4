import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnyStateMachine } from 'xstate';
import type { KitApp, CreateAppOptions } from '../../app/app';
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
 * snippet, to a copy of the kit, and the copy works as the guide says: the statechart alone, and the
 * whole service through HTTP in English and Welsh.
 */

jest.setTimeout(120_000);

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

/**
 * A copy of the kit on disk with the changed files: the workflows copied (their words are read from disk
 * by the app), everything else linked to the real kit.
 */
function kitCopy(changed: Map<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-extending-'));
  for (const entry of ['package.json', 'node_modules', 'app', 'views', 'migrations', 'docs', 'test'])
    symlinkSync(path.join(root, entry), path.join(dir, entry));
  cpSync(path.join(root, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
  for (const [file, text] of changed) writeFileSync(path.join(dir, file), text);
  return dir;
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
  const dir = kitCopy(changed);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const copy = new VirtualModules(dir, new Map());
  const { applicationMachine, applicationInput } = copy.load<{
    applicationMachine: AnyStateMachine;
    applicationInput: (context: unknown) => unknown;
  }>('workflows/application/machine.ts');
  const { applicationPages } = copy.load<{ applicationPages: Record<string, JourneyPage> }>(
    'workflows/application/pages.ts',
  );
  const { PERSONAS, personaEvents } = copy.load<{
    PERSONAS: Persona[];
    personaEvents: (persona: Persona) => JourneyEvent[];
  }>('workflows/application/personas.ts');
  /** The personas whose path passes contact details: everyone eligible who applies for a person. */
  const throughContact = PERSONAS.filter((p) => p.steps.some((s) => s.state === 'contact'));

  it('touches three files: the statechart and the words in two languages', () => {
    expect([...new Set(edits.map((e) => e.file))]).toEqual([
      'workflows/application/machine.ts',
      'workflows/application/locales/en.json',
      'workflows/application/locales/cy.json',
    ]);
    expect(guide).toContain('You touch three files');
  });

  it('adds a state with its page, at an address of its own, and the page list reads it from the statechart', () => {
    const page = applicationPages.contactPreference;
    expect(applicationMachine.root.states.contactPreference.meta).toEqual({ page });
    expect(page).toMatchObject({ path: 'contact-preference', section: 'personal', checkAnswers: true });
    const paths = Object.values(applicationPages).map((candidate) => candidate.path);
    expect(new Set(paths).size).toBe(paths.length);
    // Back and change links may return to it.
    expect(applicationMachine.root.config.on).toHaveProperty(['GOTO.contactPreference']);
    // The real workflow is untouched.
    expect(Object.keys(realMachine.root.states)).not.toContain('contactPreference');
  });

  it('gives every persona through contact details an answer made from the page (its first option), unwritten', () => {
    expect(throughContact.length).toBeGreaterThan(0);
    for (const persona of throughContact) {
      const states: string[] = persona.steps.map((step) => step.state);
      expect(states.indexOf('contactPreference')).toBe(states.indexOf('contact') + 1);
      expect(persona.steps.find((step) => (step.state as string) === 'contactPreference')).toEqual({
        state: 'contactPreference',
        answers: { preference: 'email' },
        sampled: true,
      });
    }
  });

  it('takes every example applicant to the end they expect with the statechart alone, through the new page', () => {
    const { answersOnPath } = copy.load<{
      answersOnPath: typeof import('../../workflows/journey/path').answersOnPath;
    }>('workflows/journey/path.ts');
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
    expect(throughNewPage).toBe(throughContact.length);
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

  describe.each([
    ['English', 'en', 'How would you like us to contact you?', 'Contact by', 'By email'],
    ['Welsh', 'cy', 'Sut hoffech i ni gysylltu â chi?', 'Cysylltu drwy', 'Drwy e-bost'],
  ])('through HTTP in %s', (_language, lang, title, summaryLabel, answer) => {
    const testApp = copy.load<typeof import('../helpers/test-app')>('test/helpers/test-app.ts');
    const journey = copy.load<typeof import('../helpers/journey')>('test/helpers/journey.ts');
    const apps = new Map<string, KitApp>();
    const appFor = async (nation: CreateAppOptions['nation']) => {
      const key = String(nation);
      if (!apps.has(key)) apps.set(key, await testApp.buildTestApp({ nation }));
      return apps.get(key)!;
    };
    afterAll(async () => {
      for (const app of apps.values()) await app.kit.close();
    });

    it.each(PERSONAS.map((persona) => [persona.name, persona] as const))(
      '%s reaches the end it expects, through the new page',
      async (_name, persona) => {
        const app = await appFor(persona.nation);
        const browser = new testApp.Browser(app);
        await browser.get(`/apply?lang=${lang}`);
        const last = await journey.walkPersona(browser, persona);
        if (!persona.expected) {
          expect(last).toBe(journey.pageUrl('notEligible'));
          return;
        }
        expect(last).toBe(journey.pageUrl('checkAnswers'));
        const passes = throughContact.includes(persona);
        const page = await browser.get(journey.pageUrl('contactPreference'));
        const check = await browser.get(journey.pageUrl('checkAnswers'));
        if (passes) {
          expect(page.status).toBe(200);
          expect(page.text).toContain(`<html lang="${lang}"`);
          expect(page.text).toContain(title);
          expect(check.text).toContain(summaryLabel);
          expect(check.text).toContain(answer);
        } else {
          expect(page.status).toBe(303);
          expect(check.text).not.toContain(summaryLabel);
        }
        const cya = await browser.submit(journey.pageUrl('checkAnswers'));
        expect(cya.headers.location).toBe(journey.pageUrl('declaration'));
        const sent = await browser.submit(journey.pageUrl('declaration'), { confirm: 'yes' });
        expect(sent.headers.location).toBe(journey.pageUrl('submitted'));
        const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(
          (await browser.get(sent.headers.location)).text,
        )![0];
        const row = await app.kit.db('cases').where({ reference }).first();
        expect(row.eligibility_code).toBe(persona.expected.code);
        const answers = JSON.parse(row.snapshot).context.answers;
        expect(answers.contactPreference).toEqual(passes ? { preference: 'email' } : undefined);
        // The application's words are all there (common:list.added has no Welsh "two", "few"… forms: another matter).
        const missing = [...app.kit.translations.missing].filter((key) => key.includes(':application:'));
        expect(missing).toEqual([]);
      },
    );
  });
});
