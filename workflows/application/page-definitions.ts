import type { Field } from '../forms/fields';
import {
  contentPage,
  endingPages,
  listPage,
  questionPage,
  uploadPage,
  type JourneyPage,
} from '../journey/pages';

/**
 * What the application's pages ask: their fields, limits and checks, kept here because the list is long.
 * The statechart (machine.ts) gives each state its page (`question(page.fullName, …)`) and decides the
 * order; a new page can equally be written in full where its state is. Either way the app reads the pages
 * from the statechart (./pages.ts), never from here. The words (in English and Welsh) are in ./locales,
 * keyed by state and field name.
 * Field limits follow the national Blue Badge form (blue-badge-scheme.md §9, [BBDS-CIT, BBDS-APP]);
 * the walking questions follow what the national form collects for WALKD (§3).
 */

/** UK postcodes, after normalising (upper case, one space before the last three characters). */
const POSTCODE = /^(GIR 0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2})$/;
/** National Insurance numbers: two prefix letters (not D, F, I, Q, U, V; O not second), six digits, A–D. */
const NI_NUMBER = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/;
/** National badge numbers (§9, [BBDS-COM]). */
export const BADGE_NUMBER = /^[0-9A-HJK]{6}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d ()-]{7,20}$/;

export function normalisePostcode(value: string): string {
  const compact = value.toUpperCase().replace(/\s+/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export const upperCompact = (value: string) => value.toUpperCase().replace(/\s+/g, '');

const yesNo = (name: string, extra: Partial<Field> = {}): Field =>
  ({ kind: 'radios', name, options: [{ value: 'yes' }, { value: 'no' }], ...extra }) as Field;

const describe = (name = 'description', maxLength = 9000): Field => ({ kind: 'textarea', name, maxLength });

/** "Does the award end?" with the end date revealed under "yes": used by PIP, ADP, DLA and CDP. */
const awardEnd = (): Field[] => [
  { kind: 'radios', name: 'awardEnds', options: [{ value: 'date' }, { value: 'indefinite' }] },
  { kind: 'date', name: 'awardEndDate', constraint: 'not-past', when: { field: 'awardEnds', value: 'date' } },
];

const PIP_POINTS = ['0', '4', '8', '10', '12'].map((value) => ({ value }));
const PLANNING_DESCRIPTORS = ['a', 'b', 'c', 'd', 'e', 'f'].map((value) => ({ value }));

/** A national badge number, typed as printed (spaces and case do not matter). */
export const badgeNumberField = (): Field => ({
  kind: 'text',
  name: 'badgeNumber',
  width: '10',
  spellcheck: false,
  maxLength: 6,
  normalise: upperCompact,
  pattern: BADGE_NUMBER,
  example: 'KKKKKJ',
});

export const addressFields = (): Field[] => [
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
    example: 'SW1A 1AA',
  },
];

export const contactFields = (): Field[] => [
  {
    kind: 'text',
    name: 'phone',
    autocomplete: 'tel',
    width: '20',
    maxLength: 20,
    pattern: PHONE,
    example: '01632 960 000',
  },
  {
    kind: 'text',
    name: 'email',
    autocomplete: 'email',
    spellcheck: false,
    optional: true,
    maxLength: 100,
    pattern: EMAIL,
    example: 'name@example.com',
  },
];

export const page = {
  // About the application
  whoIsApplying: questionPage({
    path: 'who-is-applying',
    section: 'about',
    fields: [
      {
        kind: 'radios',
        name: 'applicant',
        options: [{ value: 'myself' }, { value: 'someone-else' }, { value: 'organisation' }],
      },
    ],
  }),
  helper: questionPage({
    path: 'your-details',
    section: 'about',
    fields: [
      { kind: 'text', name: 'helperName', autocomplete: 'name', spellcheck: false, maxLength: 100 },
      { kind: 'text', name: 'helperRelationship', maxLength: 100 },
    ],
  }),
  existingBadge: questionPage({ path: 'existing-badge', section: 'about', fields: [yesNo('hasBadge')] }),
  badgeNumber: questionPage({
    path: 'badge-number',
    section: 'about',
    fields: [badgeNumberField()],
  }),

  // Eligibility: benefits first, then the main reason
  dateOfBirth: questionPage({
    path: 'date-of-birth',
    section: 'eligibility',
    fields: [{ kind: 'date', name: 'dateOfBirth', constraint: 'past' }],
  }),
  benefits: questionPage({
    path: 'benefits',
    section: 'eligibility',
    fields: [
      {
        kind: 'checkboxes',
        name: 'benefits',
        options: [
          { value: 'pip' },
          { value: 'adp', nations: ['scotland'] },
          { value: 'dla' },
          { value: 'cdp', nations: ['scotland'] },
          { value: 'afcs' },
          { value: 'wpms' },
          { value: 'none', exclusive: true },
        ],
      },
    ],
  }),
  pip: questionPage({
    path: 'pip-scores',
    section: 'eligibility',
    fields: [
      { kind: 'radios', name: 'movingAroundPoints', options: PIP_POINTS },
      { kind: 'radios', name: 'planningDescriptor', options: PLANNING_DESCRIPTORS },
    ],
  }),
  pipAward: questionPage({ path: 'pip-award', section: 'eligibility', fields: awardEnd() }),
  adp: questionPage({
    path: 'adp-scores',
    section: 'eligibility',
    fields: [
      { kind: 'radios', name: 'movingAroundPoints', options: PIP_POINTS },
      { kind: 'radios', name: 'planningDescriptor', options: PLANNING_DESCRIPTORS },
      yesNo('specialRules'),
    ],
  }),
  adpAward: questionPage({ path: 'adp-award', section: 'eligibility', fields: awardEnd() }),
  dla: questionPage({
    path: 'dla-rate',
    section: 'eligibility',
    fields: [{ kind: 'radios', name: 'mobilityRate', options: [{ value: 'higher' }, { value: 'lower' }] }],
  }),
  dlaAward: questionPage({ path: 'dla-award', section: 'eligibility', fields: awardEnd() }),
  cdp: questionPage({
    path: 'cdp-rate',
    section: 'eligibility',
    fields: [{ kind: 'radios', name: 'mobilityRate', options: [{ value: 'higher' }, { value: 'lower' }] }],
  }),
  cdpAward: questionPage({ path: 'cdp-award', section: 'eligibility', fields: awardEnd() }),
  afcs: questionPage({
    path: 'armed-forces-compensation',
    section: 'eligibility',
    fields: [
      { kind: 'number', name: 'tariffLevel', min: 1, max: 15 },
      yesNo('certificate'),
      yesNo('mentalDisorder', { nations: ['wales'] }),
    ],
  }),
  sight: questionPage({
    path: 'sight',
    section: 'eligibility',
    fields: [
      {
        kind: 'radios',
        name: 'sightImpairment',
        options: [{ value: 'severely-sight-impaired' }, { value: 'sight-impaired' }, { value: 'none' }],
      },
    ],
  }),
  sightCouncil: questionPage({
    path: 'sight-registration',
    section: 'eligibility',
    fields: [{ kind: 'text', name: 'registeringCouncil', maxLength: 100 }],
  }),
  mainReason: questionPage({
    path: 'main-reason',
    section: 'eligibility',
    fields: [
      {
        kind: 'radios',
        name: 'reason',
        options: [
          { value: 'walking' },
          { value: 'nonVisible', nations: ['england'] },
          { value: 'arms' },
          { value: 'child' },
          { value: 'terminal' },
          { value: 'trafficRisk', nations: ['scotland'] },
          { value: 'cognitive', nations: ['wales'] },
          { value: 'none' },
        ],
      },
    ],
  }),
  walkingDifficulty: questionPage({
    path: 'walking-difficulty',
    section: 'eligibility',
    fields: [
      {
        kind: 'checkboxes',
        name: 'difficulties',
        options: ['PAIN', 'BREATH', 'BALANCE', 'LONGTIME', 'DANGER', 'STRUGGLE', 'SOMELSE'].map((value) => ({
          value,
        })),
      },
      describe(),
    ],
  }),
  breathlessness: questionPage({
    path: 'breathlessness',
    section: 'eligibility',
    fields: [
      {
        kind: 'checkboxes',
        name: 'triggers',
        options: ['UPHILL', 'KEEPUP', 'OWNPACE', 'DRESSED', 'OTHER'].map((value) => ({ value })),
      },
    ],
  }),
  walkingTime: questionPage({
    path: 'walking-time',
    section: 'eligibility',
    fields: [
      {
        kind: 'radios',
        name: 'walkingTime',
        options: ['CANTWALK', 'LESSMIN', 'ONEFIVE', 'FIVETEN', 'MORETEN'].map((value) => ({ value })),
      },
    ],
  }),
  walkingRoute: questionPage({
    path: 'walking-route',
    section: 'eligibility',
    fields: [describe('route', 2000)],
  }),
  nonVisible: questionPage({
    path: 'non-visible-condition',
    section: 'eligibility',
    fields: [
      {
        kind: 'checkboxes',
        name: 'effects',
        options: [{ value: 'distress' }, { value: 'harm' }, { value: 'none', exclusive: true }],
      },
      describe(),
    ],
  }),
  duration: questionPage({
    path: 'how-long',
    section: 'eligibility',
    fields: [
      {
        kind: 'radios',
        name: 'duration',
        options: [{ value: 'under-12' }, { value: '12-to-35' }, { value: '36-or-more' }],
      },
    ],
  }),
  arms: questionPage({
    path: 'arms',
    section: 'eligibility',
    fields: [
      yesNo('drivesRegularly'),
      yesNo('severeDisabilityBothArms'),
      yesNo('cannotOperateParkingMeters'),
    ],
  }),
  childNeeds: questionPage({
    path: 'child-needs',
    section: 'eligibility',
    fields: [{ kind: 'radios', name: 'need', options: [{ value: 'equipment' }, { value: 'vehicle' }] }],
  }),
  childEquipment: questionPage({
    path: 'child-equipment',
    section: 'eligibility',
    fields: [
      {
        kind: 'checkboxes',
        name: 'equipment',
        options: [
          'ventilator',
          'suction',
          'feedPump',
          'parenteral',
          'syringeDriver',
          'oxygen',
          'oxygenMonitor',
          'hipCast',
          'other',
        ].map((value) => ({ value })),
      },
    ],
  }),
  terminal: questionPage({
    path: 'terminal-illness',
    section: 'eligibility',
    fields: [yesNo('specialRules')],
  }),
  trafficRisk: questionPage({
    path: 'traffic-danger',
    section: 'eligibility',
    fields: [yesNo('noAwarenessOfDanger'), describe()],
  }),
  cognitive: questionPage({
    path: 'cognitive-impairment',
    section: 'eligibility',
    fields: [yesNo('needsSupervision'), describe()],
  }),
  mobilityAids: listPage({
    path: 'mobility-aids',
    section: 'eligibility',
    summaryLabel: true,
    itemFields: [
      { kind: 'text', name: 'aid', maxLength: 100 },
      { kind: 'radios', name: 'usage', options: [{ value: 'always' }, { value: 'sometimes' }] },
      {
        kind: 'radios',
        name: 'providedBy',
        options: ['PRESCRIBE', 'PRIVATE', 'SOCIAL', 'PERSON'].map((value) => ({ value })),
      },
    ],
  }),
  medications: listPage({
    path: 'medications',
    section: 'eligibility',
    summaryLabel: true,
    itemFields: [
      { kind: 'text', name: 'medication', maxLength: 100 },
      { kind: 'text', name: 'dosage', maxLength: 100 },
      { kind: 'text', name: 'frequency', maxLength: 100 },
      yesNo('prescribed'),
    ],
  }),
  treatments: listPage({
    path: 'treatments',
    section: 'eligibility',
    summaryLabel: true,
    itemFields: [
      { kind: 'text', name: 'treatment', maxLength: 100 },
      {
        kind: 'radios',
        name: 'when',
        options: [{ value: 'PAST' }, { value: 'ONGOING' }, { value: 'FUTURE' }],
      },
    ],
  }),
  professionals: listPage({
    path: 'healthcare-professionals',
    section: 'eligibility',
    summaryLabel: true,
    itemFields: [
      { kind: 'text', name: 'professional', maxLength: 100 },
      { kind: 'text', name: 'location', maxLength: 100 },
    ],
  }),

  // Personal details
  fullName: questionPage({
    path: 'name',
    section: 'personal',
    fields: [{ kind: 'text', name: 'fullName', autocomplete: 'name', spellcheck: false, maxLength: 100 }],
  }),
  birthName: questionPage({
    path: 'name-at-birth',
    section: 'personal',
    fields: [
      { kind: 'radios', name: 'sameName', options: [{ value: 'yes' }, { value: 'no' }] },
      {
        kind: 'text',
        name: 'nameAtBirth',
        spellcheck: false,
        maxLength: 100,
        when: { field: 'sameName', value: 'no' },
      },
    ],
  }),
  niNumber: questionPage({
    path: 'national-insurance-number',
    section: 'personal',
    fields: [
      {
        kind: 'text',
        name: 'niNumber',
        width: '10',
        spellcheck: false,
        optional: true,
        maxLength: 13,
        normalise: upperCompact,
        pattern: NI_NUMBER,
        example: 'AB123456C',
      },
    ],
  }),
  address: questionPage({
    path: 'address',
    section: 'personal',
    summaryLabel: true,
    fields: addressFields(),
  }),
  contact: questionPage({ path: 'contact-details', section: 'personal', fields: contactFields() }),

  // Evidence (blue-badge-scheme.md §5, [S3, BBDS-CIT]): which of these the route needs is the statechart's call.
  photo: uploadPage({
    path: 'photo',
    section: 'evidence',
    summaryLabel: true,
    upload: { evidenceType: 'PHOTO', accept: 'images', required: true },
  }),
  proofId: uploadPage({
    path: 'proof-of-identity',
    section: 'evidence',
    summaryLabel: true,
    upload: { evidenceType: 'PROOF_ID', accept: 'documents', required: true },
  }),
  proofAddress: uploadPage({
    path: 'proof-of-address',
    section: 'evidence',
    summaryLabel: true,
    upload: { evidenceType: 'PROOF_ADD', accept: 'documents', required: true },
  }),
  proofBenefit: uploadPage({
    path: 'proof-of-benefit',
    section: 'evidence',
    summaryLabel: true,
    upload: { evidenceType: 'PROOF_ELIG', accept: 'documents', required: true },
  }),
  supportingDocuments: uploadPage({
    path: 'supporting-documents',
    section: 'evidence',
    summaryLabel: true,
    upload: { evidenceType: 'SUPPORT_DOCS', accept: 'documents', required: false },
  }),

  // Organisations
  orgName: questionPage({
    path: 'organisation-name',
    section: 'organisation',
    fields: [{ kind: 'text', name: 'organisationName', autocomplete: 'organization', maxLength: 100 }],
  }),
  orgAddress: questionPage({
    path: 'organisation-address',
    section: 'organisation',
    summaryLabel: true,
    fields: addressFields(),
  }),
  orgCare: questionPage({
    path: 'organisation-care',
    section: 'organisation',
    fields: [yesNo('cares'), describe()],
  }),
  orgTransport: questionPage({
    path: 'organisation-transport',
    section: 'organisation',
    fields: [yesNo('transports')],
  }),
  vehicles: listPage({
    path: 'vehicles',
    section: 'organisation',
    summaryLabel: true,
    itemFields: [
      {
        kind: 'text',
        name: 'registration',
        width: '10',
        spellcheck: false,
        maxLength: 10,
        normalise: (value) => value.toUpperCase(),
      },
      { kind: 'text', name: 'makeAndModel', optional: true, maxLength: 100 },
    ],
  }),
  badgeCount: questionPage({
    path: 'number-of-badges',
    section: 'organisation',
    fields: [{ kind: 'number', name: 'numberOfBadges', min: 1, max: 999 }],
  }),
  orgContact: questionPage({
    path: 'organisation-contact',
    section: 'organisation',
    fields: [
      { kind: 'text', name: 'contactName', autocomplete: 'name', spellcheck: false, maxLength: 100 },
      ...contactFields(),
    ],
  }),

  // The end of the journey
  notEligible: contentPage({ path: 'not-eligible' }),
  ...endingPages('application-sent'),
} satisfies Record<string, JourneyPage>;
