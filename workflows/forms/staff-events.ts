import type { Field, FieldError } from './fields';

/**
 * The form an officer fills in to send a staff event (approve, refuse…). The statechart decides whether
 * the event is possible and who may send it; the form says what it asks and turns answers into the event.
 */
export interface StaffEventForm<TContext = unknown> {
  /** The event type in the statechart. */
  event: string;
  /** URL segment, e.g. `approve`. Words come from `<namespace>:events.<event>.title | .action | .button`. */
  slug: string;
  /** Red button for actions that end a case badly. */
  warning?: boolean;
  fields: Field[];
  /** Prefilled answers, from the case. */
  defaults?: (context: TContext, today: string) => Record<string, string>;
  /** Checks across fields and against the case; the statechart's guard uses the same function. */
  check?: (context: TContext, values: Record<string, string>, today: string) => FieldError[];
  /** The event sent: the form's values plus `today`, which only the server supplies. */
  toEvent: (
    values: Record<string, string>,
    today: string,
  ) => { type: string; today: string } & Record<string, unknown>;
}
