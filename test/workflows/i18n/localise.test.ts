import { createTranslations } from '../../../app/i18n';
import { adaptToApplicant } from '../../../workflows/application/adapt';
import type { ApplicationContext } from '../../../workflows/application/machine';
import { applicationPages } from '../../../workflows/application/pages';
import { localisedPage, localisePage } from '../../../workflows/i18n/localise';

/** localisedPage remembers localisePage's results: it must always give what localisePage gives. */
describe('localised pages, remembered', () => {
  const translations = createTranslations();
  const en = translations.translator('en');
  const cy = translations.translator('cy');
  const context = (nation: string) =>
    ({ nation, answers: {}, lists: {}, reviewing: false }) as unknown as ApplicationContext;

  it('gives localisePage’s page, once per variant, frozen', () => {
    const page = applicationPages.fullName;
    const first = localisedPage(page, 'application', 'fullName', en);
    expect(first).toEqual(localisePage(page, 'application', 'fullName', en));
    expect(localisedPage({ ...page }, 'application', 'fullName', en)).toBe(first);
    expect(Object.isFrozen(first.fields[0])).toBe(true);
    expect(localisedPage(page, 'application', 'fullName', en, 'they')).toEqual(
      localisePage(page, 'application', 'fullName', en, 'they'),
    );
    expect(localisedPage(page, 'application', 'fullName', cy)).toEqual(
      localisePage(page, 'application', 'fullName', cy),
    );
    expect(localisedPage(page, 'application', 'fullName', cy).title).not.toBe(first.title);
  });

  it('tells apart pages adapted differently (the options of each nation)', () => {
    const benefits = applicationPages.benefits;
    for (const nation of ['england', 'scotland', 'wales', 'england']) {
      const adapted = adaptToApplicant(benefits, context(nation));
      expect(localisedPage(adapted, 'application', 'benefits', en)).toEqual(
        localisePage(adapted, 'application', 'benefits', en),
      );
    }
    const inEngland = localisedPage(
      adaptToApplicant(benefits, context('england')),
      'application',
      'benefits',
      en,
    );
    const inScotland = localisedPage(
      adaptToApplicant(benefits, context('scotland')),
      'application',
      'benefits',
      en,
    );
    expect(inScotland).not.toEqual(inEngland);
  });
});
