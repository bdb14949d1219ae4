import type { JourneyPage } from '../journey/pages';
import { journeyPages } from '../journey/path';
import { replacementMachine, type ReplacementState } from './machine';

/**
 * Every page of the replacement journey (blue-badge-scheme.md §8), by state, read from the statechart
 * (machine.ts), where each state keeps its page. Includes the fee's pages, shared by every journey.
 */
export const replacementPages = journeyPages(replacementMachine) as Record<ReplacementState, JourneyPage>;

export type { ReplacementState };

export const REPLACEMENT_NAMESPACE = 'replacement';
