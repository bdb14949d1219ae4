import { applicationFacts, applicationType } from '../../workflows/application/facts';
import { applicationInput, applicationMachine } from '../../workflows/application/machine';
import { PERSONAS, personaEvents, type Persona } from '../../workflows/application/personas';
import type { CaseInput } from '../../workflows/case/machine';
import { applyEvent, startSnapshot } from '../../workflows/engine/xstate-adapter';
import type { ApplicationContext } from '../../workflows/application/machine';
import { answersOnPath } from '../../workflows/journey/path';
import { assessEligibility } from '../../workflows/rules';

/** The first persona whose expected route is `code` (PIP, WALKD, HIDDEN, ARMS, CHILDBULK, ORG…). */
export function personaFor(code: string, nation?: string): Persona {
  const persona = PERSONAS.find(
    (candidate) => candidate.expected?.code === code && (!nation || candidate.nation === nation),
  );
  if (!persona) throw new Error(`No persona for ${code} ${nation ?? ''}`);
  return persona;
}

/** The case a persona's application opens, as the submitApplication effect makes it, without a server. */
export function caseInputFor(persona: Persona, today: string, reference = 'BB-TEST-0001'): CaseInput {
  let snapshot = startSnapshot(applicationMachine, { nation: persona.nation }).snapshot;
  for (const event of personaEvents(persona))
    snapshot = applyEvent(applicationMachine, snapshot, event).snapshot;
  const context = snapshot.context as ApplicationContext;
  const { answers, lists } = answersOnPath(applicationMachine, context, applicationInput(context));
  const facts = applicationFacts(answers, context.nation, today);
  return {
    reference,
    nation: context.nation,
    applicationType: applicationType(answers),
    channel: 'ONLINE',
    answers,
    lists,
    facts,
    eligibility: assessEligibility(facts, { settings: context.ruleSettings }),
  };
}

/** The events that take a case on an automatic route from sent to ready for a decision. */
export function assessedEvents(today: string) {
  return [
    { type: 'START_ASSESSMENT', today },
    {
      type: 'CHECK_EVIDENCE',
      checks: ['identity', 'address', 'photo', 'benefit'].map((item) => ({ item, outcome: 'accepted' })),
      today,
    },
  ];
}
