import path from 'node:path';
import nunjucks from 'nunjucks';
import { rememberImports } from '../../../app/views/remembered-imports';

const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** A page that imports two govuk-frontend macros and calls each twice, with the page's own values. */
const PAGE = `
{%- from "govuk/components/input/macro.njk" import govukInput -%}
{%- from "govuk/components/button/macro.njk" import govukButton -%}
{{ govukInput({ label: { text: name }, id: "a", name: "a", value: value, errorMessage: error and { text: error } }) }}
{{ govukInput({ label: { text: "Second" }, id: "b", name: "b", hint: { text: name } }) }}
{{ govukButton({ text: button }) }}{{ govukButton({ text: "Save", classes: "govuk-button--secondary" }) }}`;

const CONTEXTS = [
  { name: 'Full name', value: 'Margaret', button: 'Continue' },
  { name: 'Enw llawn', value: '<script>', error: 'Rhowch eich enw', button: 'Parhau' },
  { name: 'Full name', value: '', error: 'Enter your full name', button: 'Continue' },
];

function environment(remember: boolean) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(govukFrontendDist), {
    autoescape: true,
  });
  if (remember) rememberImports(env);
  return env;
}

/** How many times the input macro's template runs its top level (which defines the macro). */
function countMacroRuns(env: nunjucks.Environment) {
  const template = env.getTemplate('govuk/components/input/macro.njk', true) as unknown as {
    rootRenderFunc: (...args: unknown[]) => unknown;
  };
  const spy = jest.spyOn(template, 'rootRenderFunc');
  return () => spy.mock.calls.length;
}

describe('macros imported without context', () => {
  it('render the same HTML when remembered, for every page and value', () => {
    const remembered = environment(true);
    const plain = environment(false);
    for (const context of [...CONTEXTS, ...CONTEXTS]) {
      const html = remembered.renderString(PAGE, context);
      expect(html).toBe(plain.renderString(PAGE, context));
      expect(html).toContain(context.name);
    }
    expect(remembered.renderString(PAGE, CONTEXTS[1])).toContain('&lt;script&gt;');
  });

  it('define their macros once in an environment that remembers them, on every render in one that does not', () => {
    const remembered = environment(true);
    const plain = environment(false);
    const rememberedRuns = countMacroRuns(remembered);
    const plainRuns = countMacroRuns(plain);
    for (const context of CONTEXTS) {
      remembered.renderString(PAGE, context);
      plain.renderString(PAGE, context);
    }
    expect(rememberedRuns()).toBe(1);
    expect(plainRuns()).toBe(CONTEXTS.length);
  });
});
