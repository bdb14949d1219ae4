import { fieldsForNation } from '../forms/fields';
import type { JourneyPage } from '../journey/pages';
import { childQuestionsApply } from '../rules';
import { todayInUk } from '../rules/dates';
import type { ApplicationContext } from './machine';

/**
 * Offers only what applies: options and questions of the council's nation, and the child routes only
 * while the applicant is under 3 (the rules' own age test, so journey and rules agree).
 */
export function adaptToApplicant(page: JourneyPage, context: ApplicationContext): JourneyPage {
  const dateOfBirth = context.answers.dateOfBirth?.dateOfBirth;
  const childRoutesOpen =
    dateOfBirth !== undefined && childQuestionsApply(dateOfBirth, todayInUk(), context.ruleSettings);
  const fields = fieldsForNation(page.fields, context.nation).map((field) =>
    field.kind === 'radios' && field.name === 'reason' && !childRoutesOpen
      ? { ...field, options: field.options.filter((option) => option.value !== 'child') }
      : field,
  );
  return { ...page, fields, itemFields: page.itemFields && fieldsForNation(page.itemFields, context.nation) };
}

/** "you" or "they" copy: someone applying for another person reads questions about "them". */
export function applicationWording(context: ApplicationContext): 'you' | 'they' {
  return context.answers.whoIsApplying?.applicant === 'someone-else' ? 'they' : 'you';
}
