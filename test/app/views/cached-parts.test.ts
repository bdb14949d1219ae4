import express from 'express';
import nunjucks from 'nunjucks';
import type { KitApp } from '../../../app/app';
import { createTranslations } from '../../../app/i18n';
import { CachedPartsExtension } from '../../../app/views/cached-parts';
import { setUpNunjucks } from '../../../app/views/nunjucks';
import { Browser, buildTestApp } from '../../helpers/test-app';

/**
 * `{% cached key %}` (app/views/cached-parts.ts) serves the layout's fixed parts from a first render: the
 * pages must be exactly what rendering every part each time gives, in each language and on each page.
 */
describe('cached layout parts', () => {
  const envWith = (remembered: number) => {
    const env = new nunjucks.Environment(null, { autoescape: true });
    env.addExtension('cached', new CachedPartsExtension(remembered));
    return env;
  };

  it('renders a body once per key and escapes nothing twice', () => {
    const env = envWith(10);
    let renders = 0;
    const count = () => ++renders;
    const template =
      '{% cached "part", lang %}<p lang="{{ lang }}">{{ text }} {{ count() }}</p>{% endcached %}';
    const render = (lang: string, text: string) => env.renderString(template, { lang, text, count });
    expect(render('en', 'A & B')).toBe('<p lang="en">A &amp; B 1</p>');
    expect(render('en', 'changed')).toBe('<p lang="en">A &amp; B 1</p>');
    expect(render('cy', 'C & D')).toBe('<p lang="cy">C &amp; D 2</p>');
    expect(renders).toBe(2);
  });

  it('keeps at most the bound, the oldest going first, and nothing when the bound is 0', () => {
    const env = envWith(2);
    const template = '{% cached key %}{{ key }}:{{ n }}{% endcached %}';
    expect(env.renderString(template, { key: 'a', n: 1 })).toBe('a:1');
    expect(env.renderString(template, { key: 'b', n: 1 })).toBe('b:1');
    expect(env.renderString(template, { key: 'c', n: 1 })).toBe('c:1');
    expect(env.renderString(template, { key: 'a', n: 2 })).toBe('a:2');
    expect(env.renderString(template, { key: 'c', n: 2 })).toBe('c:1');
    const none = envWith(0);
    expect(none.renderString(template, { key: 'a', n: 1 })).toBe('a:1');
    expect(none.renderString(template, { key: 'a', n: 2 })).toBe('a:2');
  });

  describe('the layout', () => {
    let app: KitApp;
    beforeAll(async () => {
      app = await buildTestApp({ councilName: 'Cached Council' });
    });
    afterAll(async () => {
      await app.kit.close();
    });

    /** The same page rendered by a fresh environment, so every part is made by its macros now. */
    async function uncached(view: string, locals: Record<string, unknown>) {
      const fresh = express();
      const env = setUpNunjucks(fresh, {
        production: false,
        mountPath: '',
        translations: createTranslations(),
      });
      env.addExtension('cached', new CachedPartsExtension(0));
      return env.render(view, { ...fresh.locals, ...locals, councilName: 'Cached Council' });
    }

    it('is the same as rendering every part each time, in English and Welsh, on different pages', async () => {
      const citizen = new Browser(app);
      const seen: string[] = [];
      for (const [url, lang] of [
        ['/apply', 'en'],
        ['/apply?lang=cy', 'cy'],
        ['/check-progress', 'cy'],
        ['/apply?lang=en', 'en'],
        ['/check-progress', 'en'],
      ] as const) {
        const page = await citizen.get(url);
        expect(page.status).toBe(200);
        const translator = app.kit.translations.translator(lang);
        const path = url.split('?')[0];
        const expected = await uncached('layouts/base.njk', {
          lang,
          t: translator.t,
          languageLinks: [
            { lang: 'en', text: 'English', href: `${path}?lang=en`, current: lang === 'en' },
            { lang: 'cy', text: 'Cymraeg', href: `${path}?lang=cy`, current: lang === 'cy' },
          ],
        });
        const parts = (html: string) =>
          [
            /<a href="#main-content"[\s\S]*?<\/a>/,
            /<header[\s\S]*?<\/header>/,
            /<section[^>]*govuk-service-navigation[\s\S]*?<\/section>/,
            /<div class="govuk-phase-banner[\s\S]*?<\/div>/,
            /<nav[^>]*language[\s\S]*?<\/nav>/,
            /<footer[\s\S]*?<\/footer>/,
          ].map((pattern) => pattern.exec(html)?.[0]);
        const got = parts(page.text);
        expect(got.every(Boolean)).toBe(true);
        expect(got).toEqual(parts(expected));
        seen.push(got.join(''));
      }
      expect(seen[1]).toContain('Cached Council');
      expect(seen[1]).toContain('Neidio i’r prif gynnwys');
      expect(seen[2]).toContain('href="/check-progress?lang=en"');
      expect(seen[3]).toContain('Skip to main content');
    });
  });
});
