import type { JourneyPage } from '../journey/pages';
import { journeyPages } from '../journey/path';
import { applicationMachine, type ApplicationState } from './machine';

/**
 * Every page of the citizen application, by state, read from the statechart (machine.ts), where each
 * state keeps its page: routes, check your answers, the case page, the process map and the tests all see
 * a page the moment its state exists. Includes the fee's pages, shared by every journey.
 */
export const applicationPages = journeyPages(applicationMachine) as Record<ApplicationState, JourneyPage>;

export type { ApplicationState };

/** The field helpers other journeys and pages share. */
export {
  addressFields,
  BADGE_NUMBER,
  badgeNumberField,
  contactFields,
  normalisePostcode,
  upperCompact,
} from './page-definitions';

/** The translation namespace of this workflow's words (./locales/<language>.json). */
export const APPLICATION_NAMESPACE = 'application';

/** Check your answers' sections, in order. */
export const APPLICATION_SECTIONS = ['about', 'eligibility', 'personal', 'evidence', 'organisation'] as const;
