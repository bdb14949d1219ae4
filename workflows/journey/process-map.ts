import type { GuardWords, ProcessMapNotes } from '../process-map/notes';

/** The guards every citizen journey shares (journey/statechart.ts), in plain English. */
export const JOURNEY_GUARD_WORDS: Record<string, GuardWords> = {
  canReturnToCheckAnswers:
    'the person came from check your answers and nothing else is now missing (back to check your answers)',
  onPath: ({ state }) => `"${state}" is on the path the answers so far lead along`,
  answersComplete: 'every question on the path has been answered',
  isThisList: 'the item belongs to this page’s list',
  filesMissing: 'no file has been uploaded yet (the page is refused)',
  // The fee steps every journey shares (journey/fee.ts).
  feeDue: 'the council charges a fee for this application [S3, W3]',
  choosesOnline: 'the council takes payment online and the applicant chooses to pay now',
  choosesLater: 'the applicant chooses to pay later, or the council takes no online payment',
  noPaymentInProgress: 'no payment has been started yet (one payment at a time)',
  isCurrentPayment: 'the payment provider’s answer is about the payment this application started',
  isCurrentOrNoPayment: 'the failure is about the payment this application started',
};

/** A journey's words by state, from its English locale file: a page's title describes its state. */
export function journeyNotes(options: {
  basePath: string;
  actor: string;
  words: Record<string, unknown>;
  guards: Record<string, GuardWords>;
}): ProcessMapNotes {
  const title = (state: string) =>
    (options.words[state] as { title?: string } | undefined)?.title?.replace(/\{\{[^}]*\}\}/g, '…');
  return {
    actor: options.actor,
    guards: { ...JOURNEY_GUARD_WORDS, ...options.guards },
    screens: { kind: 'journey', basePath: options.basePath },
    stateTitle: (state) => {
      const words = title(state);
      return words ? `Page: “${words}”` : undefined;
    },
    summarised: [
      {
        events: /^GOTO\./,
        note: 'Back and change links (GOTO.<page>) return to any page on the path the answers lead along.',
      },
      {
        guard: 'canReturnToCheckAnswers',
        note: 'After check your answers, a changed answer (SUBMIT) goes straight back there when nothing else is now missing.',
      },
    ],
  };
}

/** "“Who are you applying for?” is “Someone else”", from the journey's English words. */
export function answerWords(
  words: Record<string, unknown>,
  params: Record<string, string>,
  verb: string,
): string {
  const field = (
    words[params.state] as
      { fields?: Record<string, { label?: string; options?: Record<string, string> }> } | undefined
  )?.fields?.[params.field];
  const question = field?.label ?? `${params.state}.${params.field}`;
  const answer = field?.options?.[params.value] ?? params.value;
  return `“${question}” ${verb} “${answer}”`;
}
