import type { PipDescriptor, PipFacts, PipPoints } from './types';

/** PIP "planning and following journeys" scores by descriptor [O5, O11]. D and E both score 10. */
export const PLANNING_DESCRIPTOR_POINTS: Readonly<Record<PipDescriptor, PipPoints>> = {
  a: 0,
  b: 4,
  c: 8,
  d: 10,
  e: 10,
  f: 12,
};

/** The planning score given, or the one its descriptor implies. */
export function planningPoints(facts: PipFacts): number | undefined {
  if (facts.planningJourneysPoints !== undefined) return facts.planningJourneysPoints;
  const descriptor = facts.planningJourneysDescriptor;
  return descriptor === undefined ? undefined : PLANNING_DESCRIPTOR_POINTS[descriptor];
}
