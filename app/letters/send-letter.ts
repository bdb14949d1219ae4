import type { CaseContext } from '../../workflows/case/machine';
import { isLetterKind, type LetterKind } from '../../workflows/case/letters';
import { formatDate } from '../../workflows/forms/fields';
import { todayInUk } from '../../workflows/rules/dates';
import type { EffectHandler } from '../engine/workflow-store';
import { createTranslations, type Translations } from '../i18n';
import type { ApplicantEmails } from '../notifications/applicant-emails';
import { applicantEmail, letterContent, type LetterSettings } from './content';
import { renderLetterHtml } from './html';
import { insertLetter } from './letter-store';
import { renderLetterPdf } from './pdf';

/**
 * The `sendLetter` effect (`{ type: 'sendLetter', params: { letter: 'refusal' } }` on a case transition):
 * renders the letter from the case as it now stands, keeps its HTML and PDF on the case, and queues the
 * applicant's email in the outbox, all in the transition's transaction. If anything fails, the transition
 * rolls back with it: no decision without its letter.
 */
export function sendLetterEffect(options: {
  settings: LetterSettings;
  emails?: ApplicantEmails;
  translations?: Translations;
}): EffectHandler {
  let translations = options.translations;
  return async ({ trx, row, snapshot, effect, now }) => {
    const kind = (effect.params as { letter?: unknown } | undefined)?.letter;
    if (!isLetterKind(kind))
      throw new Error(`sendLetter needs params.letter, one of the letter kinds (got ${String(kind)})`);
    const context = snapshot.context as CaseContext;
    const language = context.language ?? 'en';
    translations ??= createTranslations();
    const tr = translations.translator(language);
    const content = letterContent({
      kind,
      context,
      settings: options.settings,
      language,
      date: todayInUk(new Date(now)),
      tr,
    });
    const html = renderLetterHtml(content);
    const pdf = await renderLetterPdf(content);
    const to = applicantEmail(context);
    const notificationId =
      to && options.emails
        ? await options.emails.letter(trx, {
            councilId: String(row.council_id),
            reference: context.reference,
            to,
            language,
            now,
            ...emailFor(kind, context, (key) => tr.t(`letters:${key}`)),
          })
        : null;
    await insertLetter(trx, {
      case_id: row.id,
      kind,
      language,
      html,
      pdf,
      notification_id: notificationId,
      created_at: now,
    });
  };
}

/** Which email tells the applicant about the letter, and what it says (app/notifications/notifier.ts). */
function emailFor(
  kind: LetterKind,
  context: CaseContext,
  t: (key: string) => string,
): { template: 'decision' | 'more-information'; personalisation: Record<string, string> } {
  if (kind === 'information-request' || kind === 'reminder') {
    const request = context.informationRequests!.at(-1)!;
    return {
      template: 'more-information',
      personalisation: {
        request: request.whatIsNeeded,
        due_date: formatDate(request.dueDate, context.language ?? 'en'),
      },
    };
  }
  const outcome =
    kind === 'review-outcome'
      ? `emailOutcome.review-outcome-${context.reviews!.at(-1)!.outcome}`
      : `emailOutcome.${kind}`;
  return { template: 'decision', personalisation: { outcome: t(outcome) } };
}
