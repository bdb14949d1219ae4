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
