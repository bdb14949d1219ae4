import type { Answers } from '../forms/fields';
import type { JourneyFee } from '../journey/fee';

/** The fees an application may charge, as the council set them when it started (council.json `fee`). */
export interface ApplicationFees {
  /** A person's badge; none due when absent. */
  fee?: JourneyFee;
  /**
   * Each badge an organisation asks for. Absent on applications started before organisations had a fee
   * of their own: they charge `fee` once, as they did then.
   */
  organisationFee?: JourneyFee;
}

/** What an application charges; for an organisation's several badges, how many and the fee for each. */
export interface ApplicationFee extends JourneyFee {
  perBadge?: { badges: number; amountPence: number };
}

/**
 * What an application charges [S3, W3]: a person's badge fee, or an organisation's fee for each badge it
 * asks for (one badge per vehicle [S10]), so 3 badges at £10 cost £30. In Wales a person's badge is free
 * while an organisation's may cost up to £10 each. Decided from the answers, so it follows any change
 * made before the declaration.
 */
export function applicationFee(
  fees: ApplicationFees,
  answers: Record<string, Answers>,
): ApplicationFee | undefined {
  const organisation = answers.whoIsApplying?.applicant === 'organisation';
  if (!organisation || !fees.organisationFee) return fees.fee;
  const badges = Number(answers.badgeCount?.numberOfBadges);
  // The page takes whole numbers from 1 to 999; an answer not yet given counts as one badge.
  const count = Number.isInteger(badges) && badges >= 1 ? badges : 1;
  const each = fees.organisationFee.amountPence;
  return {
    ...fees.organisationFee,
    amountPence: each * count,
    ...(count > 1 ? { perBadge: { badges: count, amountPence: each } } : {}),
  };
}
