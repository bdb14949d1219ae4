/**
 * The sources the rules cite, keyed by the codes used in /work/shared/reference/blue-badge-scheme.md
 * (its "Sources" list). Every rule's `source` string and docs/rules.md are built from this table, so a
 * citation can only name a source listed here.
 */

export interface Source {
  /** What the source is, in words an officer recognises. */
  title: string;
  /** Where to find it, as given in the reference list (no scheme, as printed there); absent where the list gives none. */
  address?: string;
}

export const SOURCES = {
  S1: {
    title: 'Disabled Persons (Badges for Motor Vehicles) (England) Regulations 2000, as amended',
    address: 'legislation.gov.uk/uksi/2000/682',
  },
  S2: {
    title: 'England amending regulations of 2019 (SI 2019/891) and their explanatory note',
    address: 'legislation.gov.uk/uksi/2019/891',
  },
  S3: { title: 'GOV.UK: Apply for a Blue Badge', address: 'gov.uk/apply-blue-badge' },
  S4: {
    title: 'GOV.UK: Blue Badge - can I get one?',
    address: 'gov.uk/government/publications/blue-badge-can-i-get-one',
  },
  S8: {
    title: 'England amending regulations of 2011 (SI 2011/1307)',
    address: 'legislation.gov.uk/uksi/2011/1307',
  },
  S10: {
    title: 'Chronically Sick and Disabled Persons Act 1970, section 21',
    address: 'legislation.gov.uk/ukpga/1970/44/section/21',
  },
  T1: { title: 'Scottish Statutory Instrument 2000/59', address: 'legislation.gov.uk/ssi/2000/59' },
  T2: {
    title: 'Scottish Statutory Instrument 2013/65, regulation 5',
    address: 'legislation.gov.uk/ssi/2013/65',
  },
  T3: { title: 'Scottish Statutory Instrument 2014/145', address: 'legislation.gov.uk/ssi/2014/145' },
  T4: { title: 'Scottish Statutory Instrument 2016/72', address: 'legislation.gov.uk/ssi/2016/72' },
  T5: { title: 'Scottish Statutory Instrument 2017/118', address: 'legislation.gov.uk/ssi/2017/118' },
  T6: { title: 'Scottish Statutory Instrument 2018/44', address: 'legislation.gov.uk/ssi/2018/44' },
  T9: { title: 'Scottish Government freedom of information response 202200300024', address: 'gov.scot' },
  T10: { title: 'West Lothian Council: Blue Badge eligibility', address: 'westlothian.gov.uk' },
  T11: { title: 'Dumfries and Galloway Council: Blue Badge eligibility', address: 'dumgal.gov.uk' },
  T12: { title: 'mygov.scot, as quoted by secondary sites', address: 'mygov.scot' },
  T13: { title: 'North East Sensory Services on the 2022 changes', address: 'nesensoryservices.org' },
  T14: { title: 'Aberdeenshire Council: Blue Badge scheme', address: 'aberdeenshire.gov.uk' },
  T15: { title: 'Scottish Statutory Instrument 2011/410', address: 'legislation.gov.uk/ssi/2011/410' },
  W1: { title: 'Welsh Statutory Instrument 2013/438', address: 'legislation.gov.uk/wsi/2013/438' },
  W2: {
    title: 'Welsh Statutory Instrument 2016/453, explanatory note',
    address: 'legislation.gov.uk/wsi/2016/453',
  },
  W4: {
    title: 'Welsh Government written statement on the Blue Badge scheme, and WSI 2014/3082',
    address: 'gov.wales and legislation.gov.uk/wsi/2014/3082',
  },
  W6: {
    title: 'Welsh Government: Blue Badge scheme in Wales: guidance for local authorities 2021',
    address: 'gov.wales',
  },
  W9: {
    title: 'Pembrokeshire County Council: Blue Badge eligibility criteria',
    address: 'pembrokeshire.gov.uk',
  },
  W10: { title: 'BBC News Wales, October 2016' },
  W12: {
    title:
      'Senedd Research: Blue Badges: what are the eligibility and assessment criteria? (2017, updated 2021)',
    address: 'research.senedd.wales',
  },
  O1: { title: 'Surrey County Council: non-visible disabilities', address: 'surreycc.gov.uk' },
  O2: { title: 'Wirral Council: new Blue Badge eligibility', address: 'wirral.gov.uk' },
  O3: {
    title:
      'Gloucestershire County Council: Blue Badge eligibility criteria (quoting DfT guidance 4.61 to 4.63)',
    address: 'gloucestershire.gov.uk',
  },
  O4: {
    title: 'Gloucestershire County Council: who can get a Blue Badge',
    address: 'gloucestershire.gov.uk',
  },
  O5: { title: 'PIP info: planning and following journeys', address: 'pipinfo.net' },
  O8: { title: 'Surrey County Council: automatic eligibility', address: 'surreycc.gov.uk' },
  O10: { title: 'Hampshire County Council: terminal illness', address: 'hants.gov.uk' },
  O11: { title: 'Knowsley Council: automatic eligibility', address: 'knowsley.gov.uk' },
  O15: { title: 'Torbay and South Devon NHS: automatic criteria', address: 'torbayandsouthdevon.nhs.uk' },
  O17: { title: 'Calderdale Council: qualifying criteria', address: 'calderdale.gov.uk' },
  'BBDS-CIT': {
    title: 'Blue Badge Digital Service: citizen web app source (mid-2019)',
    address: 'github.com/uk-gov-dft/bluebadge-citizen-webapp',
  },
  'BBDS-REF': {
    title: 'Blue Badge Digital Service: reference data service source (mid-2019)',
    address: 'github.com/uk-gov-dft/bluebadge-referencedata-service',
  },
  'BBDS-BM': {
    title: 'Blue Badge Digital Service: badge management service source (mid-2019)',
    address: 'github.com/uk-gov-dft/bluebadge-badgemanagement-service',
  },
} as const satisfies Record<string, Source>;

export type SourceCode = keyof typeof SOURCES;

/** "S1 legislation.gov.uk/uksi/2000/682; BBDS-CIT github.com/…": the form used in a route's `source`. */
export function citeSources(codes: readonly SourceCode[]): string {
  return codes
    .map((code) => {
      const source: Source = SOURCES[code];
      return `${code} ${source.address ?? source.title}`;
    })
    .join('; ');
}
