/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The DOM types are for the functions that run in the page, through page.evaluate.)
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { NAMESPACES, type Translations } from '../../../app/i18n';
import { openBrowser, type OpenBrowser } from './browser';

export type Language = 'en' | 'cy';

/** WCAG 2.2 A and AA, and everything earlier: what public sector websites must meet. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * axe rules switched off, each with the reason. Empty: every WCAG A/AA rule runs on every page.
 * Add a rule here only with a written reason a reviewer can challenge.
 */
export const DISABLED_RULES: Record<string, string> = {};

type AxeNode = { html: string; failureSummary?: string };

/**
 * Single findings accepted on purpose: narrower than disabling a rule, since the rule still runs and
 * any other finding of it still fails. Each with the reason.
 */
export const ACCEPTED: Array<{ rule: string; reason: string; matches: (node: AxeNode) => boolean }> = [
  {
    rule: 'aria-allowed-attr',
    reason:
      'govuk-frontend’s conditional reveal puts aria-expanded on a radio that reveals a question. ARIA 1.2 ' +
      'allows aria-expanded on checkboxes but not yet on radios (w3c/aria#1404); the GOV.UK Design System ' +
      'keeps it deliberately because screen readers announce it, and lists the axe finding as a known issue ' +
      '(alphagov/govuk-frontend#979, #1280). Only aria-expanded, only on govuk-frontend radios that ' +
      'control a conditional reveal, is accepted.',
    matches: (node) => {
      const disallowed = [...(node.failureSummary ?? '').matchAll(/not allowed: ([^\n]+)/g)]
        .flatMap((match) => match[1].split(/,\s*/))
        .map((attribute) => attribute.split('=')[0].trim());
      return (
        /^<input class="govuk-radios__input"[^>]*aria-controls="conditional-/.test(node.html) &&
        disallowed.length > 0 &&
        disallowed.every((attribute) => attribute === 'aria-expanded')
      );
    },
  },
];

/**
 * An i18n key shown instead of its words, e.g. `application:pip.title` or `common:serviceName`: any of
 * the kit's namespaces (common, application, case, badge… as app/i18n.ts lists them), a colon, a key.
 */
export const UNTRANSLATED_KEY = new RegExp(
  `\\b(${[...new Set(['common', 'application', 'case', 'badge', ...Object.keys(NAMESPACES)])].join('|')}):[a-zA-Z][\\w-]*(\\.[\\w-]+)*`,
);

/** BROWSER_TIMING=1 prints how long each page's checks take (ready, screenshot, axe; cumulative). */
const TIMING = process.env.BROWSER_TIMING === '1';

export const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-artefacts', 'screenshots');

/**
 * With JavaScript off, page scripts cannot run, and neither can axe (its timers never fire). The auditor
 * is a second, JavaScript-on Chromium that loads the no-JavaScript page's own HTML (its scripts removed,
 * so it stays exactly as a person without JavaScript sees it) at the same URL, with the kit's real
 * stylesheets, fonts and images, and runs axe there.
 */
export class Auditor {
  private browser?: Promise<OpenBrowser>;

  private open(): Promise<OpenBrowser> {
    this.browser ??= openBrowser({ javaScript: true });
    return this.browser;
  }

  async audit(url: string, html: string) {
    const { page } = await this.open();
    const withoutScripts = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const target = new URL(url).href;
    await page.route(
      (candidate) => candidate.href === target,
      (route) =>
        route.request().isNavigationRequest()
          ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: withoutScripts })
          : route.fallback(),
      { times: 1 },
    );
    await page.goto(target);
    return runAxe(page);
  }

  async close() {
    if (this.browser) await (await this.browser).close();
  }
}

async function runAxe(page: Page) {
  // axe-core is already in the page (support/browser.ts loads it as an init script), so AxeBuilder is
  // given a stand-in source; a page without it (init scripts did not run) gets the real one.
  const preloaded = await page.evaluate(() => 'axe' in window);
  // Legacy mode runs axe in the page itself; the default opens a blank page for every run, which
  // takes longer than the audit. The kit's pages have no frames, the case legacy mode gives up.
  return new AxeBuilder(preloaded ? { page, axeSource: '/* axe-core: preloaded */' } : { page })
    .setLegacyMode(true)
    .options({
      runOnly: { type: 'tag', values: WCAG_TAGS },
      rules: Object.fromEntries(Object.keys(DISABLED_RULES).map((rule) => [rule, { enabled: false }])),
      resultTypes: ['violations'],
    })
    .analyze();
}

type AxeResults = Awaited<ReturnType<typeof runAxe>>;

function withoutAccepted(all: AxeResults['violations']) {
  const accepted: string[] = [];
  const violations = all.flatMap((violation) => {
    const rules = ACCEPTED.filter((exception) => exception.rule === violation.id);
    const nodes = violation.nodes.filter((node) => {
      const ok = rules.some((exception) => exception.matches(node));
      if (ok) accepted.push(`${violation.id}: ${node.target.join(' ')}`);
      return !ok;
    });
    return nodes.length > 0 ? [{ ...violation, nodes }] : [];
  });
  return { violations, accepted };
}

/** axe's violations as a person can read them in a test failure: rule, impact, help, and each element. */
export function describeViolations(violations: AxeResults['violations']): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 5)
        .map((node) => {
          const summary = (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ');
          return `      ${node.target.join(' ')}\n        ${node.html.slice(0, 200)}\n        ${summary}`;
        })
        .join('\n');
      const more = violation.nodes.length > 5 ? `\n      …and ${violation.nodes.length - 5} more` : '';
      return `  - ${violation.id} [${violation.impact}] ${violation.help}\n    ${violation.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

export interface CheckOptions {
  /** The language the page should be in (default: the journey's current language). */
  language?: Language;
  /** The page should show the error summary (and, with JavaScript, have moved focus to it). */
  errorSummary?: boolean;
  /**
   * Run axe and take a screenshot (default true). False for a page already audited in this test file,
   * which still gets the quick checks (language, i18n keys, headings, errors in the console).
   */
  audit?: boolean;
}

export interface CheckedPage {
  /** The screenshot's file name, when the page was audited. */
  shot?: string;
  url: string;
  title: string;
  language: Language;
  javaScript: boolean;
  audited: boolean;
  violations: string[];
  /** Findings accepted on purpose (ACCEPTED), as `rule: element`. */
  accepted: string[];
}

/**
 * The checks every page a journey reaches gets: a screenshot, axe (WCAG 2.2 AA), the page's language,
 * no i18n key shown in place of words, one h1 and a title, no console errors or failed requests, and
 * (with JavaScript) every govuk-frontend component initialised. Problems are collected, then thrown
 * together so one run shows all of a page's faults.
 */
export class PageChecks {
  language: Language = 'en';
  readonly checked: CheckedPage[] = [];
  private shots = 0;
  private readonly folder: string;
  private readonly watched = new WeakSet<Page>();
  private readonly pageProblems = new WeakMap<Page, string[]>();

  constructor(
    readonly journey: string,
    readonly options: { javaScript: boolean; auditor?: Auditor; translations?: Translations },
  ) {
    this.folder = path.join(SCREENSHOTS, journey);
    fs.rmSync(this.folder, { recursive: true, force: true });
    fs.mkdirSync(this.folder, { recursive: true });
    if (!options.javaScript && !options.auditor) throw new Error('Pages without JavaScript need an Auditor');
  }

  /** Listens for what goes wrong between checks: script errors, CSP refusals, assets that fail. */
  watch(page: Page) {
    if (this.watched.has(page)) return;
    this.watched.add(page);
    const problems: string[] = [];
    this.pageProblems.set(page, problems);
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      // Chromium logs every HTTP error status as "Failed to load resource"; the response listener below
      // reports those that matter (documents answer 400 or 404 on purpose).
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(`console error: ${message.text()}`);
    });
    page.on('requestfailed', (request) => {
      // A request the browser gave up because the page moved on (e.g. the favicon) is not a fault.
      const reason = request.failure()?.errorText ?? '';
      if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${reason})`);
    });
    page.on('response', (response) => {
      // Documents may be 400 (a form with errors) or 404 (the not-found page) on purpose.
      if (response.status() >= 400 && response.request().resourceType() !== 'document')
        problems.push(`${response.status()} for ${response.url()}`);
    });
  }

  async check(page: Page, label: string, options: CheckOptions = {}): Promise<CheckedPage> {
    const started = Date.now();
    const lap = (name: string) => TIMING && process.stderr.write(`${name}:${Date.now() - started}ms `);
    this.watch(page);
    const language = options.language ?? this.language;
    const problems = this.pageProblems.get(page)!.splice(0);
    await page.waitForLoadState('load');
    if (this.options.javaScript) {
      // govuk-frontend's initAll marks each component it set up with data-<module>-init.
      await page
        .waitForFunction(
          () =>
            document.body.classList.contains('govuk-frontend-supported') &&
            [...document.querySelectorAll('[data-module]')].every((element) =>
              element.hasAttribute(`data-${element.getAttribute('data-module')}-init`),
            ),
          undefined,
          { timeout: 30_000 },
        )
        .catch(() =>
          problems.push('govuk-frontend did not initialise every component (is init.js blocked?)'),
        );
    }

    lap('ready');
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.title,
      // Identifiers shown as code (a permission such as case:assess on /process) are literal, not i18n keys.
      text: [...document.querySelectorAll('code')].reduce(
        (text, code) => text.replace((code as HTMLElement).innerText, ''),
        `${document.title}\n${document.body.innerText}`,
      ),
      h1s: [...document.querySelectorAll('h1')].map((h1) => (h1 as HTMLElement).innerText.trim()),
      jsClass: document.body.classList.contains('govuk-frontend-supported'),
      crown: Boolean(document.querySelector('.govuk-footer__crown, .govuk-footer__copyright-logo')),
      missingLandmarks: ['header', 'main', 'footer'].filter(
        (landmark) => document.querySelectorAll(`body > ${landmark}, body > * > ${landmark}`).length !== 1,
      ),
      errorSummary: Boolean(document.querySelector('.govuk-error-summary')),
      errorSummaryFocused: Boolean(document.activeElement?.closest('.govuk-error-summary')),
      brokenErrorLinks: [...document.querySelectorAll<HTMLAnchorElement>('.govuk-error-summary a')]
        .map((link) => link.getAttribute('href') ?? '')
        .filter((href) => !href.startsWith('#') || !document.getElementById(href.slice(1))),
    }));

    const audit = options.audit ?? true;
    let shot: string | undefined;
    if (audit) {
      this.shots += 1;
      shot = `${String(this.shots).padStart(2, '0')}-${label}.png`;
      // The screenshot is an artefact for people to look at, not a check: Chromium under a loaded machine
      // sometimes cannot capture one ("Unable to capture screenshot"), and that must not fail the checks.
      await page
        .screenshot({
          path: path.join(this.folder, shot),
          fullPage: true,
          animations: 'disabled',
          caret: 'hide',
        })
        .catch((error: Error) => {
          console.warn(`No screenshot of ${label}: ${error.message.split('\n')[0]}`);
          shot = undefined;
        });
    }

    lap('shot');
    if (facts.lang !== language) problems.push(`<html lang="${facts.lang}">, expected "${language}"`);
    const key = UNTRANSLATED_KEY.exec(facts.text);
    if (key) problems.push(`shows an i18n key instead of words: "${key[0]}"`);
    if (facts.text.includes('{{')) problems.push('shows an uninterpolated {{variable}}');
    const missing = this.options.translations?.missing;
    if (missing && missing.size > 0) {
      problems.push(`translation keys asked for but missing: ${[...missing].join(', ')}`);
      missing.clear(); // reported here, so the next page is judged on its own
    }
    if (facts.h1s.length !== 1) problems.push(`has ${facts.h1s.length} h1 elements, expected 1`);
    if (facts.title.trim() === '') problems.push('has an empty <title>');
    // A council's service is not GOV.UK: no crown, no royal crest (views/layouts/base.njk).
    if (facts.crown) problems.push('shows the GOV.UK crown or the royal crest');
    if (facts.missingLandmarks.length > 0)
      problems.push(`does not have exactly one ${facts.missingLandmarks.join(', ')} landmark`);
    if (facts.jsClass !== this.options.javaScript)
      problems.push(
        `govuk-frontend-supported is ${facts.jsClass} with JavaScript ${this.options.javaScript}`,
      );
    if (options.errorSummary) {
      if (!facts.errorSummary) problems.push('expected an error summary');
      else if (this.options.javaScript && !facts.errorSummaryFocused)
        problems.push('the error summary did not take focus');
      if (facts.brokenErrorLinks.length > 0)
        problems.push(`error summary links to nothing on the page: ${facts.brokenErrorLinks.join(', ')}`);
    } else if (facts.errorSummary) problems.push('shows an error summary unexpectedly');

    const results = !audit
      ? undefined
      : this.options.javaScript
        ? await runAxe(page)
        : await this.options.auditor!.audit(page.url(), await page.content());
    const { violations, accepted } = results
      ? withoutAccepted(results.violations)
      : { violations: [], accepted: [] };
    if (violations.length > 0)
      problems.push(
        `axe found ${violations.length} violation(s)` +
          `${this.options.javaScript ? '' : ' (in the page as served without JavaScript)'}:\n` +
          describeViolations(violations),
      );

    lap('axe');
    if (TIMING) process.stderr.write(`${label}\n`);
    const record: CheckedPage = {
      shot,
      url: page.url(),
      title: facts.title,
      language,
      javaScript: this.options.javaScript,
      audited: Boolean(results),
      violations: violations.map((violation) => violation.id),
      accepted,
    };
    this.checked.push(record);
    fs.writeFileSync(path.join(this.folder, 'pages.json'), JSON.stringify(this.checked, null, 2));
    if (problems.length > 0)
      throw new Error(
        `${this.journey} ${shot ?? label} (${page.url()}):\n${problems.map((problem) => `* ${problem}`).join('\n')}`,
      );
    return record;
  }
}
