import { applicationPages } from '../../workflows/application/pages';
import type { Persona, PersonaStep } from '../../workflows/application/personas';
import type { Answers, Field } from '../../workflows/forms/fields';
import type { ExampleStep } from '../../workflows/journey/example-path';
import type { JourneyPage } from '../../workflows/journey/pages';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from './test-app';

/** The example evidence files personas upload, and the bad ones the upload tests try. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'evidence');
const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
};
export function fixtureFile(name: string, claimedType?: string) {
  return {
    name,
    content: readFileSync(path.join(FIXTURES, name)),
    contentType: claimedType ?? TYPES[path.extname(name)] ?? 'application/octet-stream',
  };
}

/** A resident journey as the tests walk it: where it is served, and its pages by state (from its statechart). */
export interface JourneyPages {
  base: string;
  pages: Record<string, JourneyPage>;
}

/** The application (`/apply`), the journey the helpers walk unless told another. */
export const APPLY: JourneyPages = { base: '/apply', pages: applicationPages as Record<string, JourneyPage> };

export const pageUrl = (state: string, mountPath = '', journey: JourneyPages = APPLY) =>
  `${mountPath}${journey.base}/${journey.pages[state].path}`;

/** Answers as a browser would post them: dates as three boxes, checkboxes as repeated values. */
export function formBody(fields: readonly Field[], answers: Answers): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answers)) {
    const field = fields.find((candidate) => candidate.name === name);
    if (field?.kind === 'date') {
      const [year, month, day] = value.split('-');
      body[`${name}-day`] = String(Number(day));
      body[`${name}-month`] = String(Number(month));
      body[`${name}-year`] = year;
    } else if (field?.kind === 'checkboxes') {
      body[name] = value.split(',');
    } else {
      body[name] = value;
    }
  }
  return body;
}

/**
 * Answers one persona step through HTTP, as a person would, and returns where the service sent them
 * next. A list step adds each item ("add another"), then says no more.
 */
export async function answerStep(
  browser: Browser,
  step: PersonaStep | ExampleStep,
  mountPath = '',
  journey: JourneyPages = APPLY,
): Promise<string> {
  const url = pageUrl(step.state, mountPath, journey);
  const page = journey.pages[step.state];
  if ('files' in step) {
    for (const name of step.files) expectRedirect(await browser.upload(url, fixtureFile(name)), url);
    const done = await browser.submit(url, { action: 'continue' });
    expectRedirect(done);
    return done.headers.location;
  }
  if ('items' in step) {
    for (const item of step.items) {
      const add = await browser.submit(url, { addAnother: 'yes' });
      expectRedirect(add, `${url}/add`);
      const added = await browser.submit(
        `${url}/add`,
        formBody(page.itemFields!, item) as Record<string, string>,
      );
      expectRedirect(added, url);
    }
    const done = await browser.submit(url, { addAnother: 'no' });
    expectRedirect(done);
    return done.headers.location;
  }
  const res = await browser.submit(url, formBody(page.fields, step.answers) as Record<string, string>);
  expectRedirect(res);
  return res.headers.location;
}

function expectRedirect(res: { status: number; headers: Record<string, string>; text: string }, to?: string) {
  if (res.status !== 303 || (to !== undefined && res.headers.location !== to)) {
    const list = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(res.text)?.[1] ?? '';
    const error = list
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    throw new Error(
      `Expected a redirect${to ? ` to ${to}` : ''}, got ${res.status} ${res.headers.location ?? ''} ${error ?? ''}`,
    );
  }
}

/**
 * Starts an application and walks a persona to its last step; returns the URL it ended on. A persona's
 * steps are its whole path: pages it has no written answer for are answered from their fields (`sampled`
 * steps, workflows/journey/example-path.ts), so a new question is walked without editing the personas.
 */
export async function walkPersona(browser: Browser, persona: Persona, mountPath = ''): Promise<string> {
  await browser.submit(`${mountPath}/apply/start`, {}, { fromPage: `${mountPath}/apply` });
  return answerSteps(browser, persona, mountPath);
}

/** Walks a persona through an application already started; returns the URL it ended on. */
export async function answerSteps(browser: Browser, persona: Persona, mountPath = ''): Promise<string> {
  return walkSteps(browser, persona.steps, { mountPath, label: persona.name });
}

/**
 * Starts a journey and walks an example's path through it (`examplePath`: the steps the statechart takes,
 * each page it has no written answer for answered from its fields), checking that each answer leads to the
 * next step's page; returns the URL it ended on. `before` runs on each page before it is answered.
 */
export async function walkExample(
  browser: Browser,
  journey: JourneyPages,
  steps: ExampleStep[],
  before?: (state: string) => Promise<void>,
  mountPath = '',
): Promise<string> {
  const start = `${mountPath}${journey.base}`;
  const from = (await browser.submit(`${start}/start`, {}, { fromPage: start })).headers.location;
  return walkSteps(browser, steps, { journey, mountPath, before, from, label: journey.base });
}

/**
 * Answers steps one after another, checking that each answer leads to the next step's page (and, given
 * `from`, that the first step's page is where the journey stands); returns the URL it ended on.
 */
async function walkSteps(
  browser: Browser,
  steps: ReadonlyArray<PersonaStep | ExampleStep>,
  options: {
    journey?: JourneyPages;
    mountPath?: string;
    label: string;
    before?: (state: string) => Promise<void>;
    from?: string;
  },
): Promise<string> {
  const { journey = APPLY, mountPath = '' } = options;
  let location = options.from;
  for (const step of steps) {
    const url = pageUrl(step.state, mountPath, journey);
    if (location !== undefined && location !== url) {
      throw new Error(`${options.label}: expected ${url} for ${step.state}, went to ${location}`);
    }
    await options.before?.(step.state);
    location = await answerStep(browser, step, mountPath, journey);
  }
  return location ?? '';
}

/** Walks a persona and sends the application; returns the reference shown on the confirmation page. */
export async function sendApplication(browser: Browser, persona: Persona, mountPath = ''): Promise<string> {
  const last = await walkPersona(browser, persona, mountPath);
  if (last !== pageUrl('checkAnswers', mountPath)) throw new Error(`${persona.name}: ended on ${last}`);
  const cya = await browser.submit(pageUrl('checkAnswers', mountPath));
  expectRedirect(cya, pageUrl('declaration', mountPath));
  const sent = await browser.submit(pageUrl('declaration', mountPath), { confirm: 'yes' });
  expectRedirect(sent, pageUrl('submitted', mountPath));
  const confirmation = await browser.get(pageUrl('submitted', mountPath));
  const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(confirmation.text)?.[0];
  if (!reference) throw new Error('No reference on the confirmation page');
  return reference;
}

/** Starts an application and answers the persona's steps up to (not including) `state`. */
export async function walkTo(browser: Browser, persona: Persona, state: string, mountPath = '') {
  await browser.submit(`${mountPath}/apply/start`, {}, { fromPage: `${mountPath}/apply` });
  for (const step of persona.steps) {
    if (step.state === state) return;
    await answerStep(browser, step, mountPath);
  }
  throw new Error(`${persona.name} never reaches ${state}`);
}
