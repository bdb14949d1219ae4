'use strict';
/**
 * Walks a citizen through the kit's real journey over HTTP, page by page, with the answers of one of the
 * kit's own personas (workflows/application/personas.ts, the examples its journey tests walk), so the
 * benchmark follows the journey as it is today rather than a copy of it. Loaded from the compiled kit
 * under test.
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');

/** The example evidence files the personas upload (the journey tests upload the same ones). */
const EVIDENCE_FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'evidence');
const CONTENT_TYPES = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
};

/** One of the example evidence files, as a browser uploads it. */
function evidenceFile(name) {
  const content = readFileSync(path.join(EVIDENCE_FIXTURES, name));
  return { name, content, contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream' };
}

/**
 * @param {string} kitDist the compiled kit (its `workflows/` folder)
 * @returns {{ persona: { name: string, steps: Array<{ state: string, answers?: Record<string, string>, items?: Array<Record<string, string>>, files?: string[] }> }, pages: Record<string, { path: string, fields: Array<{ name: string, kind: string }>, itemFields?: Array<{ name: string, kind: string }> }> }}
 */
function loadJourney(kitDist) {
  const { PERSONAS } = require(path.join(kitDist, 'workflows', 'application', 'personas.js'));
  const { applicationPages } = require(path.join(kitDist, 'workflows', 'application', 'pages.js'));
  // The first persona: England, PIP, applying for themself (the kit's own end-to-end test walks it too).
  const persona = PERSONAS[0];
  if (!persona.steps.some((step) => step.state === 'fullName')) {
    throw new Error(`The persona "${persona.name}" does not answer the name page the benchmark changes`);
  }
  return { persona, pages: applicationPages };
}

/** Answers as a browser posts them: dates as three boxes, checkboxes as repeated values. */
function formBody(fields, answers) {
  /** @type {Record<string, string | string[]>} */
  const body = {};
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

const urlOf = (pages, state) => `/apply/${pages[state].path}`;

/**
 * Starts an application and answers every step of the persona, ending on check your answers.
 * @param {import('./http').Browser} browser
 * @param {ReturnType<typeof loadJourney>} journey
 */
async function answerAll(browser, { persona, pages }) {
  await browser.get('/apply');
  const started = await browser.post('/apply/start');
  if (started.status !== 303) throw new Error(`POST /apply/start returned ${started.status}`);
  for (const [index, step] of persona.steps.entries()) {
    const url = urlOf(pages, step.state);
    const next = persona.steps[index + 1];
    const expected = next ? urlOf(pages, next.state) : urlOf(pages, 'checkAnswers');
    if (step.files) {
      for (const name of step.files) {
        await browser.get(url);
        const res = await browser.postFile(url, evidenceFile(name));
        if (res.status !== 303 || res.headers.location !== url) {
          throw new Error(`Uploading ${name} to ${url} returned ${res.status} to ${res.headers.location}`);
        }
      }
      await browser.submit(url, { action: 'continue' }, expected);
    } else if (step.items) {
      for (const item of step.items) {
        await browser.submit(url, { addAnother: 'yes' }, `${url}/add`);
        await browser.submit(`${url}/add`, formBody(pages[step.state].itemFields ?? [], item), url);
      }
      await browser.submit(url, { addAnother: 'no' }, expected);
    } else {
      await browser.submit(url, formBody(pages[step.state].fields, step.answers ?? {}), expected);
    }
  }
  return urlOf(pages, 'checkAnswers');
}

/** Sends the application from check your answers; returns the case reference on the confirmation page. */
async function send(browser, { pages }) {
  await browser.submit(urlOf(pages, 'checkAnswers'), {}, urlOf(pages, 'declaration'));
  await browser.submit(urlOf(pages, 'declaration'), { confirm: 'yes' }, urlOf(pages, 'submitted'));
  const sent = await browser.get(urlOf(pages, 'submitted'));
  const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(sent.text)?.[0];
  if (!reference) throw new Error('No reference on the confirmation page');
  return reference;
}

module.exports = { loadJourney, answerAll, send, formBody, evidenceFile };
