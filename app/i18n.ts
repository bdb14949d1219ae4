import fs from 'node:fs';
import i18next, { type i18n as I18n, type ResourceLanguage } from 'i18next';
import type { Language } from '../workflows/forms/fields';
import type { Translator } from '../workflows/i18n/localise';
import { fromPackageRoot } from './package-root';

export const LANGUAGES: readonly Language[] = ['en', 'cy'];

/**
 * One translation file per workflow (workflows/<workflow>/locales/<language>.json) plus the app's own
 * (app/locales). Citizen namespaces exist in English and Welsh; staff ones (case, badge) in English only.
 * There is no fallback language on purpose: a missing Welsh string shows as its key, and tests catch it.
 */
export const NAMESPACES: Record<string, { folder: string[]; languages: readonly Language[] }> = {
  common: { folder: ['app', 'locales'], languages: LANGUAGES },
  progress: { folder: ['app', 'locales', 'progress'], languages: LANGUAGES },
  saveReturn: { folder: ['app', 'locales', 'save-return'], languages: LANGUAGES },
  letters: { folder: ['app', 'letters', 'locales'], languages: LANGUAGES },
  application: { folder: ['workflows', 'application', 'locales'], languages: LANGUAGES },
  replacement: { folder: ['workflows', 'replacement', 'locales'], languages: LANGUAGES },
  journey: { folder: ['workflows', 'journey', 'locales'], languages: LANGUAGES },
  case: { folder: ['workflows', 'case', 'locales'], languages: ['en'] },
  badge: { folder: ['workflows', 'badge', 'locales'], languages: ['en'] },
};

export function loadTranslations(): Record<Language, Record<string, ResourceLanguage[string]>> {
  const resources: Record<Language, Record<string, ResourceLanguage[string]>> = { en: {}, cy: {} };
  for (const [namespace, { folder, languages }] of Object.entries(NAMESPACES)) {
    for (const language of languages) {
      const file = fromPackageRoot(...folder, `${language}.json`);
      resources[language][namespace] = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
  }
  return resources;
}

export interface Translations {
  i18n: I18n;
  translator(language: Language): Translator;
  /** Keys asked for that no file had, with their language: the tests assert it stays empty. */
  missing: Set<string>;
}

export function createTranslations(): Translations {
  const missing = new Set<string>();
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: loadTranslations(),
    lng: 'en',
    supportedLngs: [...LANGUAGES],
    fallbackLng: false,
    ns: Object.keys(NAMESPACES),
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // Nunjucks escapes on output.
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (languages: readonly string[], namespace: string, key: string) => {
      for (const language of languages) missing.add(`${language}:${namespace}:${key}`);
    },
  });
  const translators = new Map<Language, Translator>();
  return {
    i18n: instance,
    missing,
    translator(language) {
      let found = translators.get(language);
      if (!found) {
        const t = instance.getFixedT(language);
        found = {
          t: (key, options) => t(key, options as never) as unknown as string,
          exists: (key) => instance.exists(key, { lng: language }),
        };
        translators.set(language, found);
      }
      return found;
    },
  };
}
