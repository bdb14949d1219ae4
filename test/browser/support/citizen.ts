import path_ from 'node:path';
import type { Page } from 'playwright-core';
import { andWaitForPage } from './browser';
import type { CheckOptions, Language, PageChecks } from './checks';
import {
  auditKey,
  changeFor,
  emptyShowsErrors,
  entriesFor,
  fieldsOf,
  pages,
  pathOf,
  typedWords,
  type ApplicationState,
  type Entry,
  type Persona,
} from './routes';

/** The example evidence files (the same ones the HTTP journey tests upload). */
const EVIDENCE_FIXTURES = path_.join(__dirname, '..', '..', 'fixtures', 'evidence');

/** The main button of a citizen page (Start now, Continue, Accept and send). */
export const MAIN_BUTTON = '#main-content form button[type="submit"]';

/** How a person works the page: with a mouse (`pointer`) or only the keyboard (keyboard.ts). */
export interface Hands {
  name: string;
  fill(page: Page, entries: Entry[]): Promise<void>;
  /** Presses the page's main button and waits for the next page. */
  submit(page: Page): Promise<void>;
  /** Follows the link matching a CSS selector and waits for the next page. */
  follow(page: Page, selector: string): Promise<void>;
  /** What a person does on seeing the error summary, before answering (keyboard: go to the field). */
  afterErrors?(page: Page): Promise<void>;
}

export const optionSelector = (name: string, value: string) => `[name="${name}"][value="${value}"]`;

async function expectField(page: Page, selector: string, what: string) {
  if ((await page.locator(selector).count()) === 0) throw new Error(`There is no ${what} on ${page.url()}`);
}

export const pointer: Hands = {
  name: 'pointer',
  async fill(page, entries) {
    for (const entry of entries) {
      if (entry.kind === 'type') {
        await expectField(page, `[name="${entry.name}"]`, `field "${entry.name}"`);
        await page.locator(`[name="${entry.name}"]`).fill(entry.value);
        continue;
      }
      const input = page.locator(optionSelector(entry.name, entry.value));
      await expectField(
        page,
        optionSelector(entry.name, entry.value),
        `"${entry.value}" for "${entry.name}"`,
      );
      // Click the words, as a person does: govuk-frontend draws the (transparent) input in its label.
      if (!(await input.isChecked()))
        await page.locator(`label[for="${await input.getAttribute('id')}"]`).click();
      if (!(await input.isChecked()))
        throw new Error(`Could not choose "${entry.value}" for "${entry.name}"`);
    }
  },
  submit: (page) => andWaitForPage(page, () => page.locator(MAIN_BUTTON).first().click()),
  follow: (page, selector) => andWaitForPage(page, () => page.locator(selector).first().click()),
};

/** Waits until the browser is at `pathname` (after any redirect), or says where it is instead. */
export async function expectAt(page: Page, pathname: string): Promise<void> {
  await page
    .waitForURL((url) => url.pathname === pathname, { timeout: 30_000 })
    .catch(() => {
      throw new Error(`Expected to be at ${pathname}, but the browser is at ${page.url()}`);
    });
}

/**
 * What one test file has already seen (by auditKey, support/routes.ts), so a page's error state is
 * checked once (the brief: "submit each question page once empty"), and — where `pages` is given — a
 * page is audited (axe and a screenshot) once however many personas pass through it; later visits get
 * the quick checks. Check your answers is audited on every visit, as it differs for every persona.
 */
export interface Seen {
  errors: Set<string>;
  pages?: Set<string>;
}

export interface ApplyOptions {
  baseUrl: string;
  /** The checks for every page; without them the journey only gets there. */
  checks?: PageChecks;
  hands?: Hands;
  /** The language to apply in: Welsh is chosen with the header's "Cymraeg" link on the start page. */
  language?: Language;
  seen?: Seen;
}

/**
 * A person applies, page by page, as a persona's steps say, each page checked (checks.ts). Returns the
 * reference when the persona sends an application, or nothing when they end on the "not eligible" page.
 */
export async function applyAs(
  page: Page,
  persona: Persona,
  options: ApplyOptions,
): Promise<{ reference?: string }> {
  const { checks } = options;
  const hands = options.hands ?? pointer;
  const seen: Seen = options.seen ?? { errors: new Set() };
  const at = (path: string) => expectAt(page, `/apply/${path}`);
  const key = (state: ApplicationState, variant = '') => auditKey(persona, state, variant);
  /** Checks the page; audits it unless `seen.pages` says this page was audited already. */
  const check = async (label: string, pageKey: string, expect: CheckOptions = {}) => {
    if (!checks) return;
    const first = !seen.pages?.has(pageKey);
    seen.pages?.add(pageKey);
    await checks.check(page, label, { ...expect, audit: first || expect.audit === true });
  };
  /** Sends the page empty once per file, and checks its error summary. */
  const tryEmpty = async (path: string, pageKey: string) => {
    const errorKey = `${pageKey}#error`;
    if (!checks || seen.errors.has(errorKey)) return;
    seen.errors.add(errorKey);
    await hands.submit(page);
    await at(path);
    await check(`${path.replace(/\//g, '-')}-error`, errorKey, { errorSummary: true });
    await hands.afterErrors?.(page);
  };

  if (checks) checks.language = 'en';
  await page.goto(`${options.baseUrl}/apply`);
  await check('start', 'start');
  if (options.language === 'cy') {
    await hands.follow(page, '.govuk-language-navigation a[hreflang="cy"]');
    if (checks) checks.language = 'cy';
    await check('start-cymraeg', 'start#cymraeg');
  }
  await hands.submit(page);

  for (const step of persona.steps) {
    const path = pathOf(step.state);
    await at(path);
    await check(path, key(step.state));
    if ('files' in step) {
      // Upload with nothing chosen shows the error; then each file (the file chooser itself is the
      // browser's own, so the file is set on the input, as Playwright allows), then Continue.
      const upload = '#main-content button[value="upload"]';
      if (checks && !seen.errors.has(`${key(step.state)}#error`)) {
        seen.errors.add(`${key(step.state)}#error`);
        await hands.follow(page, upload);
        await at(path);
        await check(`${path}-error`, `${key(step.state)}#error`, { errorSummary: true });
        await hands.afterErrors?.(page);
      }
      for (const [index, name] of step.files.entries()) {
        await page.setInputFiles('#file', path_.join(EVIDENCE_FIXTURES, name));
        await hands.follow(page, upload);
        await at(path);
        await check(`${path}-${index + 1}-uploaded`, key(step.state, '#files'));
      }
      await hands.follow(page, '#main-content button[value="continue"]');
      continue;
    }
    if ('items' in step) {
      // "Add another": yes, the item's page, back to the list; then no more.
      await tryEmpty(path, key(step.state));
      for (const [index, item] of step.items.entries()) {
        await hands.fill(page, entriesFor(fieldsOf(persona, step), { addAnother: 'yes' }));
        await hands.submit(page);
        await at(`${path}/add`);
        await check(`${path}-add-${index + 1}`, key(step.state, '/add'));
        if (emptyShowsErrors(fieldsOf(persona, step, true)))
          await tryEmpty(`${path}/add`, key(step.state, '/add'));
        await hands.fill(page, entriesFor(fieldsOf(persona, step, true), item));
        await hands.submit(page);
        await at(path);
        await check(`${path}-${index + 1}-added`, key(step.state, '#items'));
      }
      await hands.fill(page, entriesFor(fieldsOf(persona, step), { addAnother: 'no' }));
    } else {
      if (emptyShowsErrors(fieldsOf(persona, step))) await tryEmpty(path, key(step.state));
      await hands.fill(page, entriesFor(fieldsOf(persona, step), step.answers));
    }
    await hands.submit(page);
  }

  if (!persona.expected) {
    await at(pathOf('notEligible'));
    await check(pathOf('notEligible'), key('notEligible'));
    return {};
  }

  // Check your answers is checked every time: it differs for every persona.
  const checkAnswers = pathOf('checkAnswers');
  await at(checkAnswers);
  await check(checkAnswers, key('checkAnswers'), { audit: true });
  const summary = async () => (await page.locator('#main-content').innerText()).replace(/\s+/g, ' ');
  for (const words of typedWords(persona)) {
    if (!(await summary()).includes(words.replace(/\s+/g, ' ')))
      throw new Error(`${persona.name}: check your answers does not show "${words}"`);
  }
  // One Change link, and straight back to check your answers once answered.
  const change = changeFor(persona);
  const changePath = pathOf(change.state);
  await hands.follow(page, `.govuk-summary-list a[href$="/apply/${changePath}"]`);
  await at(changePath);
  await check(`${changePath}-change`, key(change.state, '#change'));
  await hands.fill(page, entriesFor(pages[change.state].fields, change.answers));
  await hands.submit(page);
  await at(checkAnswers);
  if (!(await summary()).includes(change.shows))
    throw new Error(`${persona.name}: check your answers does not show the changed "${change.shows}"`);
  await check(`${checkAnswers}-changed`, key('checkAnswers', '#changed'));
  await hands.submit(page);

  const declaration = pathOf('declaration');
  await at(declaration);
  await check(declaration, key('declaration'));
  await tryEmpty(declaration, key('declaration'));
  await hands.fill(page, entriesFor(pages.declaration.fields, { confirm: 'yes' }));
  await hands.submit(page);

  await at(pathOf('submitted'));
  await check(pathOf('submitted'), key('submitted'));
  const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(await page.locator('.govuk-panel').innerText())?.[0];
  if (!reference) throw new Error(`${persona.name}: the confirmation shows no reference like BB-XXXX-XXXX`);
  return { reference };
}
