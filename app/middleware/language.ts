import type express from 'express';
import type { Language } from '../../workflows/forms/fields';
import type { Translations } from '../i18n';

declare module 'express-session' {
  interface SessionData {
    /** The citizen's chosen language, from the header's language links (`?lang=cy`). */
    lang?: Language;
  }
}

/** Makes `t`, the translator and the language links available to every view. */
export function useLanguage(
  req: express.Request,
  res: express.Response,
  translations: Translations,
  language: Language,
) {
  const translator = translations.translator(language);
  res.locals.lang = language;
  res.locals.translator = translator;
  res.locals.t = translator.t;
  const here = req.originalUrl.split('?')[0];
  res.locals.languageLinks = [
    { lang: 'en', text: 'English', href: `${here}?lang=en`, current: language === 'en' },
    { lang: 'cy', text: 'Cymraeg', href: `${here}?lang=cy`, current: language === 'cy' },
  ];
}

/** `?lang=cy` (or `en`) on any citizen page switches language and is remembered in the session. */
export function setUpLanguage(app: express.Express, translations: Translations) {
  app.use((req, res, next) => {
    const asked = req.query.lang;
    if (asked === 'en' || asked === 'cy') req.session.lang = asked;
    useLanguage(req, res, translations, req.session.lang ?? 'en');
    next();
  });
}
