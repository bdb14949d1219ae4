import type express from 'express';
import type { Translations } from '../i18n';
import { useLanguage } from './language';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function notFound(_req: express.Request, res: express.Response) {
  res.status(404).render('errors/404.njk');
}

/** The GOV.UK error pages. No stack trace ever reaches a browser; it goes to the log instead. */
export function errorHandler(
  log: (error: unknown, req: express.Request) => void,
  translations?: Translations,
) {
  return (error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = errorStatus(error);
    if (status >= 500) log(error, req);
    if (res.headersSent) return;
    res.status(status);
    if (status === 403 && (error as { code?: string }).code === 'EBADCSRFTOKEN') {
      // An idle session has ended, and the language kept in it with it: the form said which it was.
      const lang = (req.body as Record<string, unknown> | undefined)?._lang;
      if (translations && (lang === 'en' || lang === 'cy')) useLanguage(req, res, translations, lang);
      return res.render('errors/session-expired.njk');
    }
    if (status === 403) return res.render('errors/403.njk');
    if (status === 404) return res.render('errors/404.njk');
    if (status === 413)
      return res.render('errors/400.njk', { message: res.locals.t?.('common:errors.badRequest.tooLarge') });
    if (status >= 400 && status < 500) return res.render('errors/400.njk');
    res.render('errors/500.njk', {}, (renderError: Error | null, html?: string) => {
      if (renderError) return res.type('text').send('Sorry, there is a problem with the service.');
      res.send(html);
    });
  };
}

function errorStatus(error: unknown): number {
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
