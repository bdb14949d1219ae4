import fs from 'node:fs';
import i18next, { type i18n as I18n, type ResourceLanguage } from 'i18next';
import type { Language } from '../workflows/forms/fields';
import type { Translator } from '../workflows/i18n/localise';
import { fromPackageRoot } from './package-root';

export const LANGUAGES: readonly Language[] = ['en', 'cy'];

/**
 * One translation file per workflow (workflows/<workflow>/locales/<language>.json) plus the app's own
 * (app/locales). Citizen namespaces exist in English and Welsh, and the badge's staff forms too (a badge
 * is cancelled or replaced for its holder, whose letters may be in Welsh); the case's in English only.
 * There is no fallback language on purpose: a missing Welsh string shows as its key, and tests catch it.
 */
export const NAMESPACES: Record<string, { folder: string[]; languages: readonly Language[] }> = {
  common: { folder: ['app', 'locales'], languages: LANGUAGES },
  progress: { folder: ['app', 'locales', 'progress'], languages: LANGUAGES },
  saveReturn: { folder: ['app', 'locales', 'save-return'], languages: LANGUAGES },
  letters: { folder: ['app', 'letters', 'locales'], languages: LANGUAGES },
  processComments: { folder: ['app', 'locales', 'process-comments'], languages: LANGUAGES },
  application: { folder: ['workflows', 'application', 'locales'], languages: LANGUAGES },
  replacement: { folder: ['workflows', 'replacement', 'locales'], languages: LANGUAGES },
  journey: { folder: ['workflows', 'journey', 'locales'], languages: LANGUAGES },
  case: { folder: ['workflows', 'case', 'locales'], languages: ['en'] },
  badge: { folder: ['workflows', 'badge', 'locales'], languages: LANGUAGES },
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

/** Bounds the words remembered per language (the files have a few thousand keys), whatever keys are asked. */
const REMEMBERED_KEYS = 10_000;

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
        // The files do not change while the app runs, so a key asked for without options always gives the
        // same words: pages ask for dozens per request (i18next's lookup was 7 % of a question page's CPU).
        const plain = new Map<string, string>();
        found = {
          t: (key, options) => {
            if (options !== undefined) return t(key, options as never) as unknown as string;
            let words = plain.get(key);
            if (words === undefined) {
              words = t(key) as unknown as string;
              if (plain.size < REMEMBERED_KEYS) plain.set(key, words);
            }
            return words;
          },
          exists: (key) => instance.exists(key, { lng: language }),
        };
        translators.set(language, found);
      }
      return found;
    },
  };
}
