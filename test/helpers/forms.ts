import { todayInUk } from '../../workflows/rules/dates';

/** A date as a browser posts a govukDateInput: three boxes, without leading zeros. */
export function dateBoxes(name: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  };
}

/** The approve form's answers: a badge from today to `expiry`. */
export function approveForm(expiry: string): Record<string, string> {
  return { ...dateBoxes('startDate', todayInUk()), ...dateBoxes('expiryDate', expiry) };
}

/** The evidence check form with every item accepted. */
export function allEvidenceAccepted(): Record<string, string> {
  return { identity: 'accepted', address: 'accepted', photo: 'accepted', benefit: 'accepted' };
}

/**
 * Takes a case on an automatic route (or a replacement) from sent to ready for a decision, as an officer
 * would: start the assessment, then accept every evidence item.
 */
export async function readyForDecision(
  officer: { submit(url: string, fields?: Record<string, string>): Promise<{ status: number }> },
  reference: string,
): Promise<void> {
  const started = await officer.submit(`/staff/cases/${reference}/start-assessment`);
  const checked = await officer.submit(`/staff/cases/${reference}/check-evidence`, allEvidenceAccepted());
  if (started.status !== 303 || checked.status !== 303)
    throw new Error(`Could not get ${reference} ready for a decision (${started.status}, ${checked.status})`);
}
