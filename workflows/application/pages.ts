import { contentPage, questionPage, type JourneyPage } from '../journey/pages';

/**
 * What each page of the citizen application asks. The statechart (machine.ts) decides the order;
 * `satisfies` makes the compiler insist every state has its page, and no page lacks a state.
 * Field limits follow the national Blue Badge form (blue-badge-scheme.md §9, [BBDS-CIT]).
 */

const POSTCODE = /^(GIR 0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$/;

export function normalisePostcode(value: string): string {
  const compact = value.toUpperCase().replace(/\s+/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export const applicationPages = {
  whoIsApplying: questionPage({
    path: 'who-is-applying',
    title: 'Who are you applying for?',
    fields: [
      {
        kind: 'radios',
        name: 'applicant',
        label: 'Who are you applying for?',
        summaryLabel: 'Applying for',
        options: [
          { value: 'myself', text: 'Myself' },
          { value: 'someone-else', text: 'Someone else' },
          { value: 'organisation', text: 'An organisation', hint: 'For example, a care home or hospice' },
        ],
        errors: { required: 'Select who you are applying for' },
      },
    ],
  }),
  pip: questionPage({
    path: 'pip-moving-around',
    title: 'What is your Personal Independence Payment (PIP) score for ‘moving around’?',
    fields: [
      {
        kind: 'radios',
        name: 'movingAroundPoints',
        label: 'What is your Personal Independence Payment (PIP) score for ‘moving around’?',
        summaryLabel: 'PIP ‘moving around’ score',
        hint: 'Your PIP decision letter shows this under ‘mobility activity 2: moving around’',
        options: [
          { value: '12', text: '12 points' },
          { value: '10', text: '10 points' },
          { value: '8', text: '8 points' },
          { value: '4', text: '4 points' },
          { value: '0', text: '0 points' },
          { value: 'none', text: 'I do not get PIP' },
        ],
        errors: { required: 'Select your PIP score for moving around, or that you do not get PIP' },
      },
    ],
  }),
  fullName: questionPage({
    path: 'name',
    title: 'What is your full name?',
    fields: [
      {
        kind: 'text',
        name: 'fullName',
        label: 'What is your full name?',
        summaryLabel: 'Name',
        autocomplete: 'name',
        spellcheck: false,
        maxLength: 100,
        errors: { required: 'Enter your full name', tooLong: 'Full name must be 100 characters or fewer' },
      },
    ],
  }),
  dateOfBirth: questionPage({
    path: 'date-of-birth',
    title: 'What is your date of birth?',
    fields: [
      {
        kind: 'date',
        name: 'dateOfBirth',
        label: 'What is your date of birth?',
        summaryLabel: 'Date of birth',
        hint: 'For example, 27 3 1960',
        constraint: 'past',
        errors: {
          required: 'Enter your date of birth',
          invalid: 'Date of birth must be a real date, like 27 3 1960',
          past: 'Date of birth must be in the past',
        },
      },
    ],
  }),
  address: questionPage({
    path: 'address',
    title: 'What is your address?',
    summaryLabel: 'Address',
    fields: [
      {
        kind: 'text',
        name: 'addressLine1',
        label: 'Address line 1',
        summaryLabel: 'Address line 1',
        autocomplete: 'address-line1',
        maxLength: 100,
        errors: {
          required: 'Enter address line 1, typically the building and street',
          tooLong: 'Address line 1 must be 100 characters or fewer',
        },
      },
      {
        kind: 'text',
        name: 'addressLine2',
        label: 'Address line 2 (optional)',
        summaryLabel: 'Address line 2',
        autocomplete: 'address-line2',
        optional: true,
        maxLength: 100,
        errors: { tooLong: 'Address line 2 must be 100 characters or fewer' },
      },
      {
        kind: 'text',
        name: 'town',
        label: 'Town or city',
        autocomplete: 'address-level2',
        width: 'two-thirds',
        maxLength: 100,
        errors: { required: 'Enter town or city', tooLong: 'Town or city must be 100 characters or fewer' },
      },
      {
        kind: 'text',
        name: 'postcode',
        label: 'Postcode',
        autocomplete: 'postal-code',
        width: '10',
        maxLength: 8,
        normalise: normalisePostcode,
        pattern: { regex: POSTCODE, message: 'Enter a real postcode, like AA1 1AA' },
        errors: { required: 'Enter postcode', tooLong: 'Enter a real postcode, like AA1 1AA' },
      },
    ],
  }),
  checkAnswers: {
    path: 'check-your-answers',
    title: 'Check your answers before sending your application',
    view: 'journey/check-answers.njk',
    fields: [],
    button: 'Continue',
  },
  declaration: {
    path: 'declaration',
    title: 'Declaration',
    view: 'journey/declaration.njk',
    fields: [
      {
        kind: 'checkbox',
        name: 'confirm',
        label: 'Declaration',
        text: 'I confirm that the information I have given is correct and complete to the best of my knowledge',
        errors: { required: 'Confirm that the information you have given is correct' },
      },
    ],
    button: 'Accept and send application',
  },
  submitted: {
    path: 'application-sent',
    title: 'Application sent',
    view: 'journey/confirmation.njk',
    fields: [],
  },
  contactCouncil: contentPage({
    path: 'contact-the-council',
    title: 'Contact the council to apply',
    body: [
      'You cannot yet apply online for someone else or for an organisation.',
      'Contact the council’s Blue Badge team, who will help you apply.',
    ],
  }),
  otherRoutes: contentPage({
    path: 'you-may-still-be-eligible',
    title: 'You are not automatically eligible for a Blue Badge',
    body: [
      'Your answers do not make you eligible without a further assessment.',
      'You may still get a Blue Badge if, for example, you find walking very difficult or have a non-visible condition. Contact the council’s Blue Badge team, who can assess you.',
    ],
  }),
} satisfies Record<string, JourneyPage>;

export type ApplicationState = keyof typeof applicationPages;
