import { createTranslations, loadTranslations, NAMESPACES } from '../../app/i18n';
import type { KitApp } from '../../app/app';
import { applicationMachine } from '../../workflows/application/machine';
import { APPLICATION_NAMESPACE } from '../../workflows/application/pages';
import { BADGE_NAMESPACE, badgeEventForms } from '../../workflows/badge/forms';
import { CASE_NAMESPACE, caseEventForms } from '../../workflows/case/forms';
import type { Field } from '../../workflows/forms/fields';
import { pageOf } from '../../workflows/journey/path';
import { replacementMachine } from '../../workflows/replacement/machine';
import { REPLACEMENT_NAMESPACE } from '../../workflows/replacement/pages';
import { PERSONAS } from '../../workflows/application/personas';
import { answerStep, pageUrl } from '../helpers/journey';
import { Browser, buildTestApp } from '../helpers/test-app';

function keysOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [prefix];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

/** The keys a field must have, from what the field checks (workflows/i18n/localise.ts). */
function requiredKeys(base: string, field: Field): string[] {
  const key = `${base}.fields.${field.name}`;
  const keys = [`${key}.label`];
  if (field.kind === 'radios')
    keys.push(...field.options.map((o) => `${key}.options.${o.value}`), `${key}.errors.required`);
  if (field.kind === 'checkbox') keys.push(`${key}.text`, `${key}.errors.required`);
  if (field.kind === 'text' || field.kind === 'textarea') {
    keys.push(`${key}.errors.tooLong`);
    if (!(field.kind === 'text' && field.optional)) keys.push(`${key}.errors.required`);
    if (field.kind === 'text' && field.pattern) keys.push(`${key}.errors.pattern`);
  }
  if (field.kind === 'date') {
    keys.push(`${key}.errors.required`, `${key}.errors.invalid`);
    if (field.constraint === 'past') keys.push(`${key}.errors.past`);
    if (field.constraint === 'not-past') keys.push(`${key}.errors.notPast`);
  }
  return keys;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const pluralBase = (key: string) => key.replace(PLURAL_SUFFIX, '');

describe('translations', () => {
  const resources = loadTranslations();

  it('has every plural form each language needs, wherever a key is plural', () => {
    for (const [namespace, { languages }] of Object.entries(NAMESPACES)) {
      for (const language of languages) {
        const keys = keysOf(resources[language][namespace]);
        const plurals = new Set(keys.filter((k) => PLURAL_SUFFIX.test(k)).map(pluralBase));
        const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        for (const base of plurals) {
          const missing = forms.filter((form) => !keys.includes(`${base}_${form}`));
          expect({ namespace, language, key: base, missing }).toEqual({
            namespace,
            language,
            key: base,
            missing: [],
          });
        }
      }
    }
  });

  it('has every citizen key in both English and Welsh, and no key in only one of them', () => {
    for (const [namespace, { languages }] of Object.entries(NAMESPACES)) {
      if (!languages.includes('cy')) continue;
      // Plural forms differ by language (Welsh has six, English two): compared by their base key here,
      // and each language's own forms are checked in the next test.
      const english = [...new Set(keysOf(resources.en[namespace]).map(pluralBase))].sort();
      const welsh = [...new Set(keysOf(resources.cy[namespace]).map(pluralBase))].sort();
      expect({ namespace, missingInWelsh: english.filter((k) => !welsh.includes(k)) }).toEqual({
        namespace,
        missingInWelsh: [],
      });
      expect({ namespace, missingInEnglish: welsh.filter((k) => !english.includes(k)) }).toEqual({
        namespace,
        missingInEnglish: [],
      });
    }
  });

  it('has the words for every page, field, option and error the citizen statecharts can show', () => {
    const { translator } = createTranslations();
    const journeys = [
      [applicationMachine, APPLICATION_NAMESPACE],
      [replacementMachine, REPLACEMENT_NAMESPACE],
    ] as const;
    for (const [language, [machine, namespace]] of (['en', 'cy'] as const).flatMap((l) =>
      journeys.map((j) => [l, j] as const),
    )) {
      const tr = translator(language);
      for (const state of Object.keys(machine.root.states)) {
        const page = pageOf(machine, state)!;
        // Pages shared by every journey (the fee's) keep their words in their own namespace.
        const base = `${page.namespace ?? namespace}:${state}`;
        const keys = [
          `${base}.title`,
          ...page.fields.flatMap((field) => requiredKeys(base, field)),
          ...(page.itemFields ?? []).flatMap((field) => requiredKeys(`${base}.item`, field)),
        ];
        if (page.itemFields) keys.push(`${base}.item.title`, `${base}.text.emptyQuestion`);
        if (page.summaryLabel) keys.push(`${base}.summaryLabel`);
        expect({ language, state, missing: keys.filter((key) => !tr.exists(key)) }).toEqual({
          language,
          state,
          missing: [],
        });
      }
    }
  });

  it('has the words for every staff form', () => {
    const tr = createTranslations().translator('en');
    const forms = [
      ...caseEventForms.map((form) => [CASE_NAMESPACE, form] as const),
      ...badgeEventForms.map((form) => [BADGE_NAMESPACE, form] as const),
    ];
    for (const [namespace, form] of forms) {
      const base = `${namespace}:events.${form.words ?? form.event}`;
      const keys = ['title', 'action', 'button'].map((k) => `${base}.${k}`);
      keys.push(...form.fields.flatMap((field) => requiredKeys(base, field)));
      expect({ event: form.event, missing: keys.filter((key) => !tr.exists(key)) }).toEqual({
        event: form.event,
        missing: [],
      });
    }
  });
});

describe('the application in Welsh', () => {
  let app: KitApp;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.kit.close());

  const untranslated = /\b(common|application|journey|case|badge):[a-zA-Z]+\./;

  it('switches language from the header link, remembers it, and renders every page with no untranslated key', async () => {
    const browser = new Browser(app);
    const english = await browser.get('/apply');
    expect(english.text).toContain('<html lang="en"');
    expect(english.text).toContain('href="/apply?lang=cy"');

    const welsh = await browser.get('/apply?lang=cy');
    expect(welsh.text).toContain('<html lang="cy"');
    expect(welsh.text).toContain('Gwneud cais am Fathodyn Glas');
    expect(welsh.text).toContain('Dechrau nawr');

    const pages: string[] = [];
    await browser.submit('/apply/start', {}, { fromPage: '/apply' });
    // Every page of two Welsh journeys (a walking route with lists, and someone applying for another
    // person), each question posted empty first to see its errors.
    for (const persona of [PERSONAS[3], PERSONAS[1]]) {
      await browser.submit('/apply/start', {}, { fromPage: '/apply' });
      for (const step of persona.steps) {
        const url = pageUrl(step.state);
        const page = await browser.get(url);
        expect(page.status).toBe(200);
        expect(page.text).toContain('<html lang="cy"');
        pages.push(page.text);
        const empty = await browser.agent
          .post(url)
          .type('form')
          .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1] });
        if (empty.status === 400) {
          expect(empty.text).toContain('Mae problem wedi codi');
          pages.push(empty.text);
        }
        await answerStep(browser, step);
        if ('items' in step && step.items.length > 0) pages.push((await browser.get(url)).text);
      }
    }
    const check = await browser.get('/apply/check-your-answers');
    expect(check.text).toContain('Newid');
    expect(check.text).toMatch(
      /\d{1,2} (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}/,
    );
    pages.push(check.text);
    await browser.submit('/apply/check-your-answers');
    pages.push((await browser.get('/apply/declaration')).text);
    await browser.submit('/apply/declaration', { confirm: 'yes' });
    const sent = await browser.get('/apply/application-sent');
    expect(sent.text).toContain('<html lang="cy"');
    pages.push(sent.text);

    for (const html of pages) expect(html.match(untranslated)).toBeNull();
    expect([...app.kit.translations.missing]).toEqual([]);
  });

  it('shows Welsh error messages, in the summary and beside the field', async () => {
    const browser = new Browser(app);
    await browser.get('/apply?lang=cy');
    await browser.submit('/apply/start', {}, { fromPage: '/apply' });
    const res = await browser.submit('/apply/who-is-applying', {});
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Gwall:');
    expect(res.text.match(/Dewiswch ar gyfer pwy rydych yn gwneud cais/g)).toHaveLength(2);
    expect(res.text).toContain('<span class="govuk-visually-hidden">Gwall:</span>');
  });

  it('keeps staff pages in English whatever the citizen chose', async () => {
    const browser = new Browser(app);
    await browser.get('/apply?lang=cy');
    const signIn = await browser.get('/staff/sign-in');
    expect(signIn.text).toContain('<html lang="en"');
    expect(signIn.text).not.toContain('Cymraeg');
  });
});
