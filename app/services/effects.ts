import type { Knex } from 'knex';
import { applicationFacts, applicationType } from '../../workflows/application/facts';
import type { ApplicationContext } from '../../workflows/application/machine';
import { applicationInput, applicationMachine } from '../../workflows/application/machine';
import { DEFAULT_BLOCKED_COMBINATIONS, takeBadgeNumber } from '../../workflows/badge/badge-number';
import type { BadgeContext } from '../../workflows/badge/machine';
import { badgeEligibilityCode } from '../../workflows/case/decision';
import type { CaseContext, CaseInput, CaseReplacement } from '../../workflows/case/machine';
import type { ReplacementContext } from '../../workflows/replacement/machine';
import type { EligibilityRequest, EligibilityResult } from '../../workflows/rules/types';
import { answersOnPath } from '../../workflows/journey/path';
import { assessEligibility } from '../../workflows/rules';
import { isPostgres } from '../db/connect';
import type { EffectHandler } from '../engine/workflow-store';

/**
 * What the app does when a statechart asks for an effect. Each runs inside the transaction of the
 * transition that asked for it, so a failure undoes the transition too.
 */
export function createEffects(): Record<string, EffectHandler> {
  return {
    async submitApplication({ trx, store, row, snapshot, actor, now }) {
      const context = snapshot.context as ApplicationContext;
      const { answers, lists } = answersOnPath(applicationMachine, context, applicationInput(context));
      const facts = applicationFacts(answers, context.nation, now.slice(0, 10));
      const eligibility = assessEligibility(facts, { settings: context.ruleSettings });
      const input: CaseInput = {
        reference: row.reference as string,
        nation: context.nation,
        applicationType: applicationType(answers),
        channel: 'ONLINE',
        answers,
        lists,
        facts,
        eligibility,
        ruleSettings: context.ruleSettings,
      };
      const organisation = facts.applicant.type === 'organisation';
      await store.create('case', {
        trx,
        actor,
        input,
        columns: {
          reference: row.reference,
          application_id: row.id,
          council_id: row.council_id,
          applicant_name:
            (organisation ? answers.orgName?.organisationName : answers.fullName?.fullName) ?? '',
          applicant_date_of_birth: organisation ? null : (answers.dateOfBirth?.dateOfBirth ?? null),
          postcode: (organisation ? answers.orgAddress?.postcode : answers.address?.postcode) ?? null,
          party: organisation ? 'ORG' : 'PERSON',
          application_type: input.applicationType,
          channel: input.channel,
          eligibility_outcome: eligibility.outcome,
          eligibility_code: badgeEligibilityCode(eligibility),
          fast_track: eligibility.fastTrack,
          submitted_at: now,
        },
      });
      await trx('applications').where({ id: row.id }).update({ submitted_at: now });
    },

    async submitReplacement({ trx, store, row, snapshot, actor, now }) {
      const context = snapshot.context as ReplacementContext;
      const { answers } = context;
      const badgeNumber = answers.badgeNumber.badgeNumber;
      // The badge being replaced, if this council issued it through the kit: its route and dates carry over.
      const original = (await trx('badges')
        .where({ badge_number: badgeNumber, council_id: row.council_id })
        .first()) as
        { case_id: string; eligibility_code: string; start_date: string; expiry_date: string } | undefined;
      const originalCase = original
        ? ((await trx('cases').where({ id: original.case_id }).first('snapshot')) as
            { snapshot: string } | undefined)
        : undefined;
      const facts: EligibilityRequest = {
        nation: context.nation,
        assessmentDate: now.slice(0, 10),
        applicant: { type: 'person', dateOfBirth: answers.dateOfBirth?.dateOfBirth },
      };
      const eligibility: EligibilityResult = originalCase
        ? (JSON.parse(originalCase.snapshot).context as CaseContext).eligibility
        : assessEligibility(facts);
      const input: CaseInput = {
        reference: row.reference as string,
        nation: context.nation,
        applicationType: 'REPLACE',
        channel: 'ONLINE',
        answers,
        lists: {},
        facts,
        eligibility,
        replacement: {
          badgeNumber,
          reason: answers.reason.reason as CaseReplacement['reason'],
          ...(answers.crimeReference ? { crimeReference: answers.crimeReference.crimeReference } : {}),
          startDate: original?.start_date,
          expiryDate: original?.expiry_date ?? answers.badgeExpiry.expiryDate,
          eligibilityCode: original?.eligibility_code,
        },
      };
      await store.create('case', {
        trx,
        actor,
        input,
        columns: {
          reference: row.reference,
          application_id: row.id,
          council_id: row.council_id,
          applicant_name: answers.fullName?.fullName ?? '',
          applicant_date_of_birth: answers.dateOfBirth?.dateOfBirth ?? null,
          postcode: answers.address?.postcode ?? null,
          party: 'PERSON',
          application_type: 'REPLACE',
          channel: 'ONLINE',
          eligibility_outcome: eligibility.outcome,
          eligibility_code: original?.eligibility_code ?? null,
          fast_track: false,
          submitted_at: now,
        },
      });
      await trx('applications').where({ id: row.id }).update({ submitted_at: now });
    },

    async orderBadge({ trx, store, row, snapshot, actor }) {
      const context = snapshot.context as CaseContext;
      if (context.decision?.outcome !== 'approved') throw new Error('orderBadge needs an approved decision');
      const badgeNumber = await allocateBadgeNumber(trx);
      const eligibilityCode =
        context.replacement?.eligibilityCode ?? badgeEligibilityCode(context.eligibility) ?? 'UNKNOWN';
      const input: BadgeContext = {
        badgeNumber,
        caseReference: context.reference,
        eligibilityCode,
        startDate: context.decision.startDate,
        expiryDate: context.decision.expiryDate,
      };
      await store.create('badge', {
        trx,
        actor,
        input,
        columns: {
          badge_number: badgeNumber,
          case_id: row.id,
          council_id: row.council_id,
          eligibility_code: eligibilityCode,
          start_date: context.decision.startDate,
          expiry_date: context.decision.expiryDate,
        },
      });
    },
  };
}

/** Takes the next number from the shared countdown; the row lock keeps two orders from taking the same one. */
export async function allocateBadgeNumber(trx: Knex.Transaction): Promise<string> {
  let query = trx('badge_number_sequence').where({ id: 1 }).first('next_value');
  if (isPostgres(trx)) query = query.forUpdate();
  const current = (await query) as { next_value: number } | undefined;
  if (!current) throw new Error('The badge number sequence is missing: run the migrations');
  const { badgeNumber, nextValue } = takeBadgeNumber(
    Number(current.next_value),
    DEFAULT_BLOCKED_COMBINATIONS,
  );
  await trx('badge_number_sequence').where({ id: 1 }).update({ next_value: nextValue });
  return badgeNumber;
}
