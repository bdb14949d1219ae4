import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCouncilSettings } from '../../../app/council-settings';
import { createTranslations } from '../../../app/i18n';
import { letterContent, LetterNotPossible, type LetterSettings } from '../../../app/letters/content';
import { renderLetterHtml } from '../../../app/letters/html';
import { LETTER_KINDS, type LetterKind } from '../../../workflows/case/letters';
import type { CaseContext } from '../../../workflows/case/machine';
import type { CaseRefusal } from '../../../workflows/case/records';
import type { Language } from '../../../workflows/forms/fields';
import type { Nation } from '../../../workflows/rules/types';

/**
 * Each letter's words from a case (issue #8 "Letters"): English and Welsh, the refusal's reasons, the
 * fee refund, and each nation's review or appeal rights with their time limits (blue-badge-scheme.md §7).
 */
const translations = createTranslations();
const WORDS: Record<Language, Record<string, unknown>> = {
  en: JSON.parse(readFileSync(path.join(__dirname, '../../../app/letters/locales/en.json'), 'utf8')),
  cy: JSON.parse(readFileSync(path.join(__dirname, '../../../app/letters/locales/cy.json'), 'utf8')),
};
const word = (language: Language, key: string) =>
  key
    .split('.')
    .reduce<unknown>((at, part) => (at as Record<string, unknown>)[part], WORDS[language]) as string;

const defaults = defaultCouncilSettings();
const SETTINGS: LetterSettings = {
  councilName: 'Cyngor Sir Ynys Môn',
  council: {
    ...defaults.council,
    address: 'Blue Badge team, Council Offices, Llangefni, LL77 7TW',
    contactPhone: '01248 750057',
    contactEmail: 'bathodynglas@example.gov.uk',
  },
  letters: { signatoryName: 'Siân Ŵyn Roberts', signatoryJobTitle: 'Blue Badge Officer', logo: '' },
};

/** A case with everything any letter needs, decided on 4 December 2026. */
function caseContext(overrides: Partial<CaseContext> = {}): CaseContext {
  return {
    reference: 'BB-ABCD-EFGH',
    nation: 'england',
    applicationType: 'NEW',
    channel: 'ONLINE',
    answers: {
      fullName: { fullName: 'Gwenllian Dŵr <Jones>' },
      address: { addressLine1: '12 Stryd Fawr', town: 'Bangor', postcode: 'LL57 1AA' },
      contact: { phone: '07700 900123', email: 'gwen@example.com' },
    },
    lists: {},
    facts: {} as CaseContext['facts'],
    eligibility: {} as CaseContext['eligibility'],
    fee: { amountPence: 1000, status: 'paid' },
    decision: {
      outcome: 'approved',
      startDate: '2026-12-07',
      expiryDate: '2029-12-06',
      decidedAt: '2026-12-04',
    },
    informationRequests: [
      {
        id: 'r1',
        whatIsNeeded: 'A copy of your PIP award letter, all pages.',
        requestedAt: '2026-11-02T10:00:00.000Z',
        dueDate: '2026-11-30',
      },
    ],
    withdrawal: { withdrawnAt: '2026-12-01T02:00:00.000Z', reason: 'no-reply' },
    reviews: [
      {
        kind: 'reconsideration',
        requestedAt: '2026-12-10',
        deadline: '2027-01-01',
        outcome: 'upheld',
        note: 'No new evidence.',
      },
    ],
    ...overrides,
  };
}

function refusal(overrides: Partial<CaseRefusal> = {}): CaseRefusal {
  return {
    outcome: 'refused',
    reason: 'Your walking was observed at the assessment.',
    decidedAt: '2026-12-04',
    ...overrides,
  };
}

function render(kind: LetterKind, context: CaseContext, language: Language = 'en') {
  const content = letterContent({
    kind,
    context,
    settings: SETTINGS,
    language,
    date: '2026-12-04',
    tr: translations.translator(language),
  });
  const html = renderLetterHtml(content);
  const text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
  return { content, html, text };
}

/** The letter each kind needs: a refusal letter for a refused case, the others from the common context. */
const contextFor = (kind: LetterKind) =>
  caseContext(kind === 'refusal' ? { decision: refusal({ reasons: ['INSUFFICIENT_EVIDENCE'] }) } : {});

describe('every letter, in English and Welsh', () => {
  afterAll(() => expect([...translations.missing]).toEqual([]));

  for (const kind of LETTER_KINDS) {
    for (const language of ['en', 'cy'] as const) {
      it(`${kind} in ${language === 'en' ? 'English' : 'Welsh'}: its title, the council, the applicant, the date and reference`, () => {
        const { content, html, text } = render(kind, contextFor(kind), language);
        const titleKey = `${kind.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}.title`;
        expect(content.title).toBe(word(language, titleKey));
        expect(html).toContain(`lang="${language}"`);
        expect(text).toContain('Cyngor Sir Ynys Môn');
        expect(text).toContain('Llangefni');
        expect(text).toContain('LL57 1AA');
        // The applicant's name is escaped, never markup.
        expect(html).toContain('Gwenllian Dŵr &lt;Jones&gt;');
        expect(text).toContain(language === 'en' ? '4 December 2026' : '4 Rhagfyr 2026');
        expect(text).toContain('BB-ABCD-EFGH');
        expect(text).toContain(`${language === 'en' ? 'Phone' : 'Ffôn'}: 01248 750057`);
        expect(text).not.toContain('()');
        expect(text).toContain('Siân Ŵyn Roberts');
        expect(text).toContain(word(language, 'closing'));
        expect(text).not.toMatch(/letters:|\{\{/);
        expect(content.pageNumber(1, 2)).toBe(language === 'en' ? 'Page 1 of 2' : 'Tudalen 1 o 2');
      });
    }
  }
});

describe('the approval letter', () => {
  it('gives the badge dates in the letter’s language and what happens next', () => {
    expect(render('approval', caseContext()).text).toContain('Start date: 7 December 2026');
    const welsh = render('approval', caseContext(), 'cy').text;
    expect(welsh).toContain('Dyddiad dechrau: 7 Rhagfyr 2026');
    expect(welsh).toContain('Dyddiad dod i ben: 6 Rhagfyr 2029');
    expect(welsh).toContain(word('cy', 'approval.reapply'));
  });

  it('cannot be written for a case that was not approved', () => {
    expect(() => render('approval', caseContext({ decision: refusal() }))).toThrow(LetterNotPossible);
  });
});

describe('the refusal letter', () => {
  it('gives each reason in plain words, the routes judged, and the officer’s own words', () => {
    const context = caseContext({
      decision: refusal({
        reasons: ['NOT_ELIGIBLE', 'INSUFFICIENT_EVIDENCE', 'IDENTITY_DOUBT'],
        notEligibleRoutes: ['WALKD', 'HIDDEN'],
        reason: 'Line one <b>\nLine two',
      }),
    });
    const { html, text } = render('refusal', context);
    expect(text).toContain(
      'You do not meet the conditions for a badge on these grounds: difficulty walking and a condition that makes journeys very difficult.',
    );
    expect(text).toContain(word('en', 'refusal.reasons.INSUFFICIENT_EVIDENCE'));
    expect(text).toContain(word('en', 'refusal.reasons.IDENTITY_DOUBT'));
    expect(text).not.toContain(word('en', 'refusal.reasons.FEE_UNPAID'));
    expect(html).toMatch(/Line one &lt;b&gt;<br \/>\s*Line two/);
    const welsh = render('refusal', context, 'cy').text;
    expect(welsh).toContain(
      'ar y seiliau hyn: anhawster cerdded a cyflwr sy’n gwneud teithiau’n anodd iawn.',
    );
  });

  it('says the fee is refunded, with its amount, only when the refund is flagged', () => {
    const refunded = render('refusal', caseContext({ decision: refusal({ refundFee: true }) }));
    expect(refunded.text).toContain('We will refund the £10 fee you paid.');
    expect(render('refusal', caseContext({ decision: refusal({ refundFee: true }) }), 'cy').text).toContain(
      'Byddwn yn ad-dalu’r ffi o £10 a daloch.',
    );
    const partPounds = caseContext({
      decision: refusal({ refundFee: true }),
      fee: { amountPence: 750, status: 'paid' },
    });
    expect(render('refusal', partPounds).text).toContain('refund the £7.50 fee');
    const kept = render('refusal', caseContext({ decision: refusal({ refundFee: false }) }));
    expect(kept.text).not.toContain(word('en', 'refusal.refundHeading'));
  });

  const rights = (nation: Nation, language: Language, misuse = false) =>
    render(
      'refusal',
      caseContext({ nation, decision: refusal({ misuseOrFalseRepresentation: misuse }) }),
      language,
    ).text;

  it('England: the council may be asked to reconsider; no statutory appeal, no time limit [S3]', () => {
    const text = rights('england', 'en');
    expect(text).toContain(word('en', 'refusal.reconsideration'));
    expect(text).toContain(word('en', 'refusal.englandNoAppeal'));
    expect(text).not.toMatch(/28 days/);
  });

  it('Scotland: a statutory review asked for in writing within 28 days, with the last day [T7]', () => {
    expect(rights('scotland', 'en')).toContain('You must ask in writing by 1 January 2027, within 28 days');
    expect(rights('scotland', 'cy')).toContain('Rhaid i chi ofyn yn ysgrifenedig erbyn 1 Ionawr 2027');
    expect(rights('scotland', 'en')).not.toContain(word('en', 'refusal.reconsideration'));
  });

  it('Wales: reconsideration, and for misuse or false representation an appeal to the Welsh Ministers within 28 days [W11]', () => {
    const eligibility = rights('wales', 'en');
    expect(eligibility).toContain(word('en', 'refusal.reconsideration'));
    expect(eligibility).not.toContain('Welsh Ministers');
    expect(eligibility).not.toContain(word('en', 'refusal.englandNoAppeal'));
    const misuse = rights('wales', 'en', true);
    expect(misuse).toContain(
      'appeal against this decision to the Welsh Ministers. You must appeal by 1 January 2027',
    );
    expect(rights('wales', 'cy', true)).toContain(
      'i Weinidogion Cymru. Rhaid i chi apelio erbyn 1 Ionawr 2027',
    );
  });
});

describe('the information request, reminder, withdrawal and review outcome letters', () => {
  it('asks for what the officer wrote, by the due date, and says how to reply', () => {
    const { text } = render('information-request', caseContext());
    expect(text).toContain('A copy of your PIP award letter, all pages.');
    expect(text).toContain('Please send it to us by 30 November 2026.');
    expect(text).toContain(word('en', 'informationRequest.reply'));
    expect(render('information-request', caseContext(), 'cy').text).toContain(
      'Anfonwch ef atom erbyn 30 Tachwedd 2026.',
    );
  });

  it('reminds with the date of the request', () => {
    const { text } = render('reminder', caseContext());
    expect(text).toContain('On 2 November 2026 we asked you for more information');
    expect(text).toContain('Please send it to us by 30 November 2026.');
  });

  it('explains a withdrawal for no reply, or at the applicant’s request', () => {
    expect(render('withdrawal', caseContext()).text).toContain(
      'On 2 November 2026 we asked you for more information, and we did not receive it by 30 November 2026.',
    );
    const asked = caseContext({ withdrawal: { withdrawnAt: '2026-12-01', reason: 'applicant-request' } });
    expect(render('withdrawal', asked, 'cy').text).toContain(word('cy', 'withdrawal.applicant-request'));
  });

  it('gives a review’s outcome, upheld or overturned, with its reasons', () => {
    const upheld = render('review-outcome', caseContext()).text;
    expect(upheld).toContain(word('en', 'reviewOutcome.upheld'));
    expect(upheld).toContain('No new evidence.');
    const overturned = caseContext({
      reviews: [
        {
          kind: 'statutory-review',
          requestedAt: '2026-12-10',
          deadline: '2027-01-01',
          outcome: 'overturned',
        },
      ],
    });
    const welsh = render('review-outcome', overturned, 'cy').text;
    expect(welsh).toContain(word('cy', 'reviewOutcome.overturned'));
    expect(welsh).toContain(word('cy', 'reviewOutcome.kinds.statutory-review'));
  });

  it('is not written without the record it is about', () => {
    expect(() => render('information-request', caseContext({ informationRequests: [] }))).toThrow(
      LetterNotPossible,
    );
    expect(() => render('withdrawal', caseContext({ withdrawal: undefined }))).toThrow(LetterNotPossible);
    const pending = caseContext({
      reviews: [{ kind: 'reconsideration', requestedAt: '2026-12-10', deadline: '2027-01-01' }],
    });
    expect(() => render('review-outcome', pending)).toThrow(LetterNotPossible);
  });
});
