import { addressFields, badgeNumberField, contactFields } from '../application/pages';
import { contentPage, endingPages, questionPage, type JourneyPage } from '../journey/pages';

/** Reporting a badge lost, stolen or damaged and asking for a replacement (blue-badge-scheme.md §8). */
export const replacementPages = {
  badgeNumber: questionPage({
    path: 'badge-number',
    section: 'badge',
    fields: [badgeNumberField()],
  }),
  reason: questionPage({
    path: 'what-happened',
    section: 'badge',
    fields: [
      {
        kind: 'radios',
        name: 'reason',
        options: [{ value: 'LOST' }, { value: 'STOLE' }, { value: 'DAMAGED' }],
      },
    ],
  }),
  crimeReference: questionPage({
    path: 'crime-reference',
    section: 'badge',
    fields: [{ kind: 'text', name: 'crimeReference', width: '20', spellcheck: false, maxLength: 30 }],
  }),
  badgeExpiry: questionPage({
    path: 'expiry-date',
    section: 'badge',
    fields: [{ kind: 'date', name: 'expiryDate' }],
  }),
  fullName: questionPage({
    path: 'name',
    section: 'holder',
    fields: [{ kind: 'text', name: 'fullName', autocomplete: 'name', spellcheck: false, maxLength: 100 }],
  }),
  dateOfBirth: questionPage({
    path: 'date-of-birth',
    section: 'holder',
    fields: [{ kind: 'date', name: 'dateOfBirth', constraint: 'past' }],
  }),
  address: questionPage({ path: 'address', section: 'holder', summaryLabel: true, fields: addressFields() }),
  contact: questionPage({ path: 'contact-details', section: 'holder', fields: contactFields() }),
  mustReapply: contentPage({ path: 'apply-for-a-new-badge' }),
  ...endingPages('request-sent'),
} satisfies Record<string, JourneyPage>;

export type ReplacementState = keyof typeof replacementPages;

export const REPLACEMENT_NAMESPACE = 'replacement';
