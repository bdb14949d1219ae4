import type { Field, FieldError } from './fields';

/** What only the server knows when an officer sends a form: who they are and the council's settings. */
export interface StaffEventServer {
  by: { id: string; name: string };
  settings: {
    /** `decisions.fourEyes`: the decision maker cannot be an officer who assessed. */
    fourEyes: boolean;
    /** `reminders.evidenceReminderDays` and `reminders.withdrawalDays`. */
    evidenceReminderDays: number;
    withdrawalDays: number;
  };
}

/**
 * The form an officer fills in to send a staff event (approve, refuse…). The statechart decides whether
 * the event is possible and who may send it; the form says what it asks and turns answers into the event.
 */
export interface StaffEventForm<TContext = unknown> {
  /** The event type in the statechart. */
  event: string;
  /** URL segment, e.g. `approve`. Words come from `<namespace>:events.<words | event>.title | .action | .button`. */
  slug: string;
  /** Where its words are when several forms send one event (one per route, say). */
  words?: string;
  /** Offered only for cases it applies to (the statechart's guard still decides). */
  appliesTo?: (context: TContext) => boolean;
  /** Red button for actions that end a case badly. */
  warning?: boolean;
  fields: Field[];
  /** Prefilled answers, from the case. */
  defaults?: (context: TContext, today: string, server?: StaffEventServer) => Record<string, string>;
  /** Checks across fields and against the case; the statechart's guard uses the same function. */
  check?: (
    context: TContext,
    values: Record<string, string>,
    today: string,
    server?: StaffEventServer,
  ) => FieldError[];
  /** The event sent: the form's values plus `today`, which only the server supplies. */
  toEvent: (
    values: Record<string, string>,
    today: string,
    server?: StaffEventServer,
  ) => { type: string; today: string } & Record<string, unknown>;
}
