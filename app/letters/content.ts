import type { CaseContext } from '../../workflows/case/machine';
import { reviewRights, type LetterKind } from '../../workflows/case/letters';
import type { CaseRefusal } from '../../workflows/case/records';
import { formatDate, type Language } from '../../workflows/forms/fields';
import type { Translator } from '../../workflows/i18n/localise';
import type { CouncilSettings } from '../council-settings';
import { formatPence as pounds } from '../payments/money';

/**
 * A letter's words, worked out once from the case and the council's settings: the HTML (html.ts) and
 * the PDF (pdf.ts) lay out the same content, so they cannot say different things. The words themselves
 * are in ./locales/<en|cy>.json.
 */
export interface LetterContent {
  kind: LetterKind;
  language: Language;
  title: string;
  /** The council's name and postal address, one line each, for the top of the letter. */
  from: string[];
  /** The applicant's name and postal address, one line each. */
  to: string[];
  date: string;
  reference: string;
  greeting: string;
  blocks: LetterBlock[];
  closing: string;
  signatory: string[];
  /** "Page {{page}} of {{pages}}" in the letter's language, for the PDF's footer. */
  pageNumber: (page: number, pages: number) => string;
  logo?: { data: Buffer; type: 'png' | 'jpeg' | 'svg' };
}

export type LetterBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  /** The officer's or applicant's own words, kept as written (line breaks included). */
  | { type: 'quote'; text: string };

export interface LetterSettings {
  councilName: string;
  council: CouncilSettings['council'];
  letters: CouncilSettings['letters'];
  logo?: LetterContent['logo'];
}

/** Thrown when the case lacks what a letter needs (e.g. a refusal letter for a case with no refusal). */
export class LetterNotPossible extends Error {}

export function letterContent(options: {
  kind: LetterKind;
  context: CaseContext;
  settings: LetterSettings;
  language: Language;
  /** The letter's date, yyyy-mm-dd. */
  date: string;
  tr: Translator;
}): LetterContent {
  const { kind, context, settings, language, tr } = options;
  const t = (key: string, values?: Record<string, unknown>) => tr.t(`letters:${key}`, values);
  const date = (iso: string) => formatDate(iso, language);
  const recipient = applicantAddress(context);
  const council = settings.council;
  const blocks = bodyFor(kind, context, { t, date, language });
  blocks.push(
    { type: 'heading', text: t('contactHeading') },
    {
      type: 'list',
      items: [
        council.contactPhone &&
          (council.contactHours
            ? t('contactPhone', { phone: council.contactPhone, hours: council.contactHours })
            : t('contactPhoneNoHours', { phone: council.contactPhone })),
        council.contactEmail && t('contactEmail', { email: council.contactEmail }),
        council.website && t('contactWebsite', { website: council.website }),
      ].filter((item): item is string => Boolean(item)),
    },
    { type: 'paragraph', text: t('contactReference', { reference: context.reference }) },
  );
  return {
    kind,
    language,
    title: t(`${camel(kind)}.title`),
    from: [settings.councilName, ...splitAddress(council.address)],
    to: [recipient.name, ...recipient.lines],
    date: date(options.date),
    reference: t('reference', { reference: context.reference }),
    greeting: t('greeting', { name: recipient.name }),
    blocks,
    closing: t('closing'),
    pageNumber: (page, pages) => t('page', { page, pages }),
    signatory: [settings.letters.signatoryName, settings.letters.signatoryJobTitle].filter(Boolean),
    logo: settings.logo,
  };
}

type Words = {
  t: (key: string, values?: Record<string, unknown>) => string;
  date: (iso: string) => string;
  language: Language;
};

function bodyFor(kind: LetterKind, context: CaseContext, words: Words): LetterBlock[] {
  switch (kind) {
    case 'approval':
      return approval(context, words);
    case 'refusal':
      return refusal(context, words);
    case 'information-request':
    case 'reminder':
      return informationRequest(kind, context, words);
    case 'withdrawal':
      return withdrawal(context, words);
    case 'review-outcome':
      return reviewOutcome(context, words);
  }
}

function approval(context: CaseContext, { t, date }: Words): LetterBlock[] {
  const decision = context.decision;
  if (decision?.outcome !== 'approved') throw new LetterNotPossible('An approval letter needs an approval');
  return [
    { type: 'paragraph', text: t('approval.intro') },
    { type: 'heading', text: t('approval.badgeHeading') },
    {
      type: 'list',
      items: [
        t('approval.startDate', { date: date(decision.startDate) }),
        t('approval.expiryDate', { date: date(decision.expiryDate) }),
      ],
    },
    { type: 'heading', text: t('approval.nextHeading') },
    { type: 'paragraph', text: t('approval.ordered') },
    { type: 'paragraph', text: t('approval.check') },
    // Badges go back on expiry or when no longer needed [S11, W5]; renewal is never automatic [S3].
    { type: 'paragraph', text: t('approval.return') },
    { type: 'paragraph', text: t('approval.reapply') },
  ];
}

function refusal(context: CaseContext, words: Words): LetterBlock[] {
  const { t, language } = words;
  const decision = context.decision;
  if (decision?.outcome !== 'refused') throw new LetterNotPossible('A refusal letter needs a refusal');
  const reasons = (decision.reasons ?? []).map((code) => {
    if (code !== 'NOT_ELIGIBLE') return t(`refusal.reasons.${code}`);
    const routes = (decision.notEligibleRoutes ?? []).map((route) => t(`routes.${route}`));
    return routes.length > 0
      ? t('refusal.reasons.NOT_ELIGIBLE', { routes: listInWords(routes, language) })
      : t('refusal.reasons.NOT_ELIGIBLE_noRoutes');
  });
  const blocks: LetterBlock[] = [
    { type: 'paragraph', text: t('refusal.intro') },
    { type: 'heading', text: t('refusal.reasonsHeading') },
  ];
  if (reasons.length > 0) blocks.push({ type: 'list', items: reasons });
  if (decision.reason.trim()) blocks.push({ type: 'quote', text: decision.reason.trim() });
  // The council refunds the fee of a refused application [S3].
  if (decision.refundFee) {
    const pence = context.fee?.amountPence ?? 0;
    blocks.push(
      { type: 'heading', text: t('refusal.refundHeading') },
      {
        type: 'paragraph',
        text: pence > 0 ? t('refusal.refund', { amount: pounds(pence) }) : t('refusal.refundNoAmount'),
      },
    );
  }
  blocks.push(
    { type: 'heading', text: t('refusal.rightsHeading') },
    ...rightsBlocks(context, decision, words),
  );
  return blocks;
}

/** The nation's ways to challenge the refusal, with their time limits (workflows/case/letters.ts). */
function rightsBlocks(context: CaseContext, decision: CaseRefusal, { t, date }: Words): LetterBlock[] {
  return reviewRights(context.nation, decision).flatMap((right): LetterBlock[] => {
    if (right.kind === 'statutory-review')
      return [{ type: 'paragraph', text: t('refusal.statutoryReview', { deadline: date(right.deadline!) }) }];
    if (right.kind === 'welsh-ministers-appeal')
      return [
        { type: 'paragraph', text: t('refusal.welshMinistersAppeal', { deadline: date(right.deadline!) }) },
      ];
    const blocks: LetterBlock[] = [{ type: 'paragraph', text: t('refusal.reconsideration') }];
    if (context.nation === 'england') blocks.push({ type: 'paragraph', text: t('refusal.englandNoAppeal') });
    return blocks;
  });
}

function informationRequest(
  kind: 'information-request' | 'reminder',
  context: CaseContext,
  { t, date }: Words,
): LetterBlock[] {
  const request = context.informationRequests?.at(-1);
  if (!request) throw new LetterNotPossible('An information request letter needs a request');
  return [
    kind === 'reminder'
      ? { type: 'paragraph', text: t('reminder.intro', { date: date(request.requestedAt) }) }
      : { type: 'paragraph', text: t('informationRequest.intro') },
    { type: 'heading', text: t('informationRequest.neededHeading') },
    { type: 'quote', text: request.whatIsNeeded.trim() },
    { type: 'heading', text: t('informationRequest.dueHeading') },
    { type: 'paragraph', text: t('informationRequest.due', { date: date(request.dueDate) }) },
    { type: 'paragraph', text: t('informationRequest.withdrawn') },
    { type: 'heading', text: t('informationRequest.replyHeading') },
    { type: 'paragraph', text: t('informationRequest.reply') },
  ];
}

function withdrawal(context: CaseContext, { t, date }: Words): LetterBlock[] {
  const withdrawn = context.withdrawal;
  if (!withdrawn) throw new LetterNotPossible('A withdrawal letter needs a withdrawal');
  const request = context.informationRequests?.at(-1);
  const why =
    withdrawn.reason === 'no-reply' && request
      ? t('withdrawal.no-reply', { requested: date(request.requestedAt), due: date(request.dueDate) })
      : t('withdrawal.applicant-request');
  return [
    { type: 'paragraph', text: why },
    { type: 'paragraph', text: t('withdrawal.applyAgain') },
  ];
}

function reviewOutcome(context: CaseContext, { t }: Words): LetterBlock[] {
  const review = context.reviews?.at(-1);
  if (!review?.outcome) throw new LetterNotPossible('A review outcome letter needs a decided review');
  const blocks: LetterBlock[] = [
    { type: 'paragraph', text: t(`reviewOutcome.kinds.${review.kind}`) },
    { type: 'paragraph', text: t(`reviewOutcome.${review.outcome}`) },
  ];
  if (review.note?.trim())
    blocks.push(
      { type: 'heading', text: t('reviewOutcome.noteHeading') },
      { type: 'quote', text: review.note.trim() },
    );
  return blocks;
}

/** `information-request` → `informationRequest`, its words' key. */
const camel = (kind: string) => kind.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** "a, b and c" / "a, b a c". */
function listInWords(items: string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${language === 'cy' ? 'a' : 'and'} ${items.at(-1)}`;
}

/** The council's address as set (commas between lines) → one line each. */
function splitAddress(address: string): string[] {
  return address
    .split(/\s*[,\n]\s*/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Who the letter is for: the applicant (or the organisation's contact) at the address they gave. */
export function applicantAddress(context: CaseContext): { name: string; lines: string[] } {
  const { answers } = context;
  const organisation = answers.orgName?.organisationName;
  const address = answers.address ?? answers.orgAddress ?? {};
  const lines = [address.addressLine1, address.addressLine2, address.town, address.postcode].filter(
    (line): line is string => Boolean(line && line.trim()),
  );
  if (organisation) {
    const contact = answers.orgContact?.contactName;
    return { name: contact || organisation, lines: contact ? [organisation, ...lines] : lines };
  }
  return { name: answers.fullName?.fullName ?? '', lines };
}

/** The applicant's email address, if they gave one. */
export function applicantEmail(context: CaseContext): string | undefined {
  return (context.answers.contact?.email ?? context.answers.orgContact?.email) || undefined;
}
