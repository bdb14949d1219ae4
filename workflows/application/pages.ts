import { contentPage, questionPage, type JourneyPage } from '../journey/pages';

/**
 * What each page of the citizen application asks: its fields, limits and checks. The words (in English
 * and Welsh) are in ./locales, keyed by state and field name; the statechart (machine.ts) decides the
 * order. A test insists every state has its page, and no page lacks a state.
 * Field limits follow the national Blue Badge form (blue-badge-scheme.md §9, [BBDS-CIT]).
 */

/** UK postcodes, after normalising (upper case, one space before the last three characters). */
const POSTCODE = /^(GIR 0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2})$/;

export function normalisePostcode(value: string): string {
  const compact = value.toUpperCase().replace(/\s+/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export const applicationPages = {
  whoIsApplying: questionPage({
    path: 'who-is-applying',
    fields: [
      {
        kind: 'radios',
        name: 'applicant',
        options: [{ value: 'myself' }, { value: 'someone-else' }, { value: 'organisation' }],
      },
    ],
  }),
  pip: questionPage({
    path: 'pip-moving-around',
    fields: [
      {
        kind: 'radios',
        name: 'movingAroundPoints',
        options: ['12', '10', '8', '4', '0', 'none'].map((value) => ({ value })),
      },
    ],
  }),
  fullName: questionPage({
    path: 'name',
    fields: [{ kind: 'text', name: 'fullName', autocomplete: 'name', spellcheck: false, maxLength: 100 }],
  }),
  dateOfBirth: questionPage({
    path: 'date-of-birth',
    fields: [{ kind: 'date', name: 'dateOfBirth', constraint: 'past' }],
  }),
  address: questionPage({
    path: 'address',
    summaryLabel: true,
    fields: [
      { kind: 'text', name: 'addressLine1', autocomplete: 'address-line1', maxLength: 100 },
      { kind: 'text', name: 'addressLine2', autocomplete: 'address-line2', optional: true, maxLength: 100 },
      { kind: 'text', name: 'town', autocomplete: 'address-level2', width: 'two-thirds', maxLength: 100 },
      {
        kind: 'text',
        name: 'postcode',
        autocomplete: 'postal-code',
        width: '10',
        maxLength: 8,
        normalise: normalisePostcode,
        pattern: POSTCODE,
      },
    ],
  }),
  checkAnswers: { path: 'check-your-answers', view: 'journey/check-answers.njk', fields: [] },
  declaration: {
    path: 'declaration',
    view: 'journey/declaration.njk',
    fields: [{ kind: 'checkbox', name: 'confirm' }],
  },
  submitted: { path: 'application-sent', view: 'journey/confirmation.njk', fields: [] },
  contactCouncil: contentPage({ path: 'contact-the-council' }),
  otherRoutes: contentPage({ path: 'you-may-still-be-eligible' }),
} satisfies Record<string, JourneyPage>;

export type ApplicationState = keyof typeof applicationPages;

/** The translation namespace of this workflow's words (./locales/<language>.json). */
export const APPLICATION_NAMESPACE = 'application';
