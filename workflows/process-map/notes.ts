import type { Role } from '../permissions';

/**
 * What a process map needs that a statechart does not say by itself: guards and delays in plain English,
 * where each state's screen is, and the council's target times. One `ProcessMapNotes` per workflow, kept
 * next to its machine (`workflows/<workflow>/process-map.ts`); a test fails when a guard has no words.
 */
export interface ProcessMapNotes {
  /** Who acts when a transition needs no permission (a resident answering, or the system). */
  actor: string;
  /** Plain English for each guard the machine names; parameterised guards get a function of their params. */
  guards: Record<string, GuardWords>;
  /** Plain English for named delays (`after: { infoRequestDeadline: … }`); numbers are written out. */
  delays?: Record<string, string>;
  /** Where the screen for a state is. */
  screens: ScreenNotes;
  /** The target time that applies to a state, as a label ("decide within 12 weeks of the application"). */
  targetTime?: (
    state: { id: string; final: boolean; automatic: boolean },
    settings: TargetSettings,
  ) => string | undefined;
  /** A state's description when the machine has none (a journey page's English title). */
  stateTitle?: (stateId: string) => string | undefined;
  /**
   * Transitions drawn once as a note rather than as an arrow from every state (back and change links):
   * those on the machine's root whose event matches `events`, and those anywhere guarded by `guard`.
   */
  summarised?: Array<{ events?: RegExp; guard?: string; note: string }>;
}

export type GuardWords = string | ((params: Record<string, string>) => string);

export type ScreenNotes =
  /** A citizen journey: each state with a page is `<basePath>/<page path>`. */
  | { kind: 'journey'; basePath: string }
  /** A staff workflow: each state's cases are listed on the queue (filtered where it can be), acted on from the case page. */
  | { kind: 'staff'; queueFilter?: (stateId: string) => string | undefined };

/** The council settings a process map shows (council.json `targets`). */
export interface TargetSettings {
  decisionWeeks: number;
  routeWeeks: Partial<Record<string, number>>;
}

export type { Role };
