import type { Answers } from '../forms/fields';
import type { FeeContext, PaymentEvent } from './fee';

/** The events every citizen journey understands. */
export type JourneyEvent =
  /** The answers to the current page, already validated by its fields. */
  | { type: 'SUBMIT'; page: string; answers: Answers }
  /** Go back to an earlier page on the journey (a back or change link); the statechart allows it or not. */
  | { type: `GOTO.${string}` }
  /** A content page's button: carry on. */
  | { type: 'CONTINUE' }
  /** "Add another" lists: the statechart accepts these only on the list's own page. */
  | { type: 'ADD_ITEM'; list: string; item: Answers }
  | { type: 'CHANGE_ITEM'; list: string; index: number; item: Answers }
  | { type: 'REMOVE_ITEM'; list: string; index: number }
  /** Paying the fee: sent by the app's payment handover after asking the provider (workflows/journey/fee.ts). */
  | PaymentEvent;

/** `fee` and the payment fields: set only in a journey whose council charges a fee (workflows/journey/fee.ts). */
export interface JourneyContext extends FeeContext {
  /** Answers by state (page) name: kept for every page answered, even if the path later changes. */
  answers: Record<string, Answers>;
  /** True once the person has seen check your answers: later pages then lead back to it. */
  reviewing: boolean;
  /** Items of "add another" lists, by list state name. */
  lists: Record<string, Answers[]>;
}

/** The lists after an item event; other events leave them as they are. */
export function listsAfter(context: JourneyContext, event: JourneyEvent): Record<string, Answers[]> {
  const items = (list: string) => context.lists?.[list] ?? [];
  switch (event.type) {
    case 'ADD_ITEM':
      return { ...context.lists, [event.list]: [...items(event.list), event.item] };
    case 'CHANGE_ITEM':
      return {
        ...context.lists,
        [event.list]: items(event.list).map((item, index) => (index === event.index ? event.item : item)),
      };
    case 'REMOVE_ITEM':
      return {
        ...context.lists,
        [event.list]: items(event.list).filter((_item, index) => index !== event.index),
      };
    default:
      return context.lists ?? {};
  }
}

export function gotoEvent(stateName: string): { type: `GOTO.${string}` } {
  return { type: `GOTO.${stateName}` };
}
