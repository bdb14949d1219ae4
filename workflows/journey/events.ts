import type { Answers } from '../forms/fields';

/** The events every citizen journey understands. */
export type JourneyEvent =
  /** The answers to the current page, already validated by its fields. */
  | { type: 'SUBMIT'; page: string; answers: Answers }
  /** Go back to an earlier page on the journey (a back or change link); the statechart allows it or not. */
  | { type: `GOTO.${string}` }
  /** A content page's button: carry on. */
  | { type: 'CONTINUE' };

export interface JourneyContext {
  /** Answers by state (page) name: kept for every page answered, even if the path later changes. */
  answers: Record<string, Answers>;
  /** True once the person has seen check your answers: later pages then lead back to it. */
  reviewing: boolean;
}

export function gotoEvent(stateName: string): { type: `GOTO.${string}` } {
  return { type: `GOTO.${stateName}` };
}
