import type { RouteEvaluator } from '../context';

/**
 * Organisations caring for disabled people [S10, O4]; Scotland also requires that they transport them
 * [T14]. Always further assessment: the council looks for a need beyond the individuals' own badges.
 */
export const organisation: RouteEvaluator = ({ facts, nation }) => {
  const cares = facts.organisation?.caresForDisabledPeople === true;
  const transports = facts.organisation?.transportsDisabledPeople === true;
  if (nation === 'scotland') {
    return cares && transports
      ? {
          reason:
            'The organisation cares for and transports disabled people; the council must confirm the need.',
        }
      : null;
  }
  return cares
    ? { reason: 'The organisation cares for disabled people; the council must confirm the need.' }
    : null;
};
