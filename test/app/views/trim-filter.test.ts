import express from 'express';
import nunjucks from 'nunjucks';
import { createTranslations } from '../../../app/i18n';
import { setUpNunjucks } from '../../../app/views/nunjucks';

/** The kit's `trim` filter (String#trim) trims exactly what Nunjucks's own regular expression did. */
describe('the trim filter', () => {
  const env = setUpNunjucks(express(), {
    production: true,
    mountPath: '',
    translations: createTranslations(),
  });
  const stock = new nunjucks.Environment(null, { autoescape: true });
  const nunjucksTrim = (value: string) => value.replace(/^\s*|\s*$/g, '');
  const render = (template: string, context: object) => env.renderString(template, context);

  it.each([
    ['plain', 'no spaces'],
    ['ends', ' \t\n\r a b \n '],
    ['unicode spaces', '\u00a0\u2028\u2029\ufeff\u3000 text \u00a0\u200a\u1680'],
    ['only spaces', ' \n\t '],
    ['empty', ''],
    ['not spaces', '\u200bzero width\u200b'],
  ])('%s', (_name, value) => {
    expect(render('{{ value | trim }}', { value })).toBe(nunjucksTrim(value));
  });

  it('keeps markup marked safe as safe, and escapes the rest', () => {
    expect(render('{{ value | safe | trim }}', { value: '  <b>x</b>  ' })).toBe('<b>x</b>');
    expect(render('{{ value | trim }}', { value: '  <b>x</b>  ' })).toBe('&lt;b&gt;x&lt;/b&gt;');
    // A captured block is a plain string to Nunjucks, so it is escaped, as with Nunjucks's own filter.
    const captured = '{% set html %}  <i>y</i>\n{% endset %}{{ html | trim }}';
    expect(render(captured, {})).toBe(stock.renderString(captured, {}));
  });

  it('leaves anything but a string to Nunjucks', () => {
    expect(render('{{ value | trim }}', { value: new nunjucks.runtime.SafeString(' 3 ') })).toBe('3');
    expect(() => render('{{ value | trim }}', { value: 3 })).toThrow();
  });
});
