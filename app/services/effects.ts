import type { Knex } from 'knex';
import { applicationFacts, applicationType } from '../../workflows/application/facts';
import type { ApplicationContext } from '../../workflows/application/machine';
import { applicationInput, applicationMachine } from '../../workflows/application/machine';
import { applicationFee } from '../../workflows/application/fee';
import { DEFAULT_BLOCKED_COMBINATIONS, takeBadgeNumber } from '../../workflows/badge/badge-number';
import type { BadgeContext } from '../../workflows/badge/machine';
import { badgeEligibilityCode } from '../../workflows/case/decision';
import type { Actor } from '../engine/actor';
import type { CaseContext, CaseInput, CaseReplacement, ChannelCode } from '../../workflows/case/machine';
import type { ReplacementContext } from '../../workflows/replacement/machine';
import type { EligibilityRequest, EligibilityResult } from '../../workflows/rules/types';
import { answersOnPath } from '../../workflows/journey/path';
import { assessEligibility } from '../../workflows/rules';
import { todayInUk } from '../../workflows/rules/dates';
import { isPostgres } from '../db/connect';
import type { EffectContext, EffectHandler, WorkflowRow } from '../engine/workflow-store';
import type { ApplicantEmails } from '../notifications/applicant-emails';
import { closeReplyLinks, emailInformationRequest } from './information-requests';
import { applicantEmail } from '../letters/content';
import { openRequest } from '../../workflows/case/machine';
import { caseFeeOf } from '../../workflows/journey/fee';
import { paymentEffects } from '../payments/effects';
import { defaultCouncilSettings } from '../council-settings';
import type { LetterSettings } from '../letters/content';
import { sendLetterEffect } from '../letters/send-letter';

/**
 * What the app does when a statechart asks for an effect. Each runs inside the transaction of the
 * transition that asked for it, so a failure undoes the transition too.
 */
export function createEffects(
  options: {
    emails?: ApplicantEmails;
    letters?: LetterSettings;
    /** The kit's public address and mount path, for links in emails (SERVICE_URL + BASE_PATH). */
    linkBase?: string;
  } = {},
): Record<string, EffectHandler> {
  const { emails } = options;
  const linkBase = options.linkBase ?? '';
  return {
    ...paymentEffects,
    // Letters to the applicant (app/letters/); the settings default to council.json's defaults.
    sendLetter: sendLetterEffect({ emails, settings: options.letters ?? defaultLetterSettings() }),

    async submitApplication({ trx, store, row, snapshot, actor, now }) {
      const context = snapshot.context as ApplicationContext;
      const { answers, lists } = answersOnPath(applicationMachine, context, applicationInput(context));
      const facts = applicationFacts(answers, context.nation, now.slice(0, 10));
      const eligibility = assessEligibility(facts, { settings: context.ruleSettings });
      const input: CaseInput = {
        reference: row.reference as string,
        nation: context.nation,
        applicationType: applicationType(answers),
        ...channelOf(row, actor),
        answers,
        lists,
        facts,
        eligibility,
        ruleSettings: context.ruleSettings,
        fee: caseFeeOf(context, applicationFee(context, answers)),
        language: applicantLanguage(actor),
      };
      const organisation = facts.applicant.type === 'organisation';
      await openCase({
        trx,
        store,
        actor,
        now,
        application: row,
        input,
        holder: {
          name: (organisation ? answers.orgName?.organisationName : answers.fullName?.fullName) ?? '',
          dateOfBirth: organisation ? undefined : answers.dateOfBirth?.dateOfBirth,
          postcode: organisation ? answers.orgAddress?.postcode : answers.address?.postcode,
          party: organisation ? 'ORG' : 'PERSON',
        },
        eligibilityCode: badgeEligibilityCode(eligibility),
        emails,
      });
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
        ...channelOf(row, actor),
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
        fee: caseFeeOf(context),
        language: applicantLanguage(actor),
      };
      await openCase({
        trx,
        store,
        actor,
        now,
        application: row,
        input,
        holder: {
          name: answers.fullName?.fullName ?? '',
          dateOfBirth: answers.dateOfBirth?.dateOfBirth,
          postcode: answers.address?.postcode,
          party: 'PERSON',
        },
        eligibilityCode: original?.eligibility_code ?? null,
        emails,
      });
    },

    async notifyInformationRequest({ trx, row, snapshot, now }) {
      const context = snapshot.context as CaseContext;
      await emailInformationRequest(trx, { emails, linkBase, caseRow: row, context, reminder: false, now });
    },

    async notifyInformationReminder({ trx, row, snapshot, now }) {
      const context = snapshot.context as CaseContext;
      await emailInformationRequest(trx, { emails, linkBase, caseRow: row, context, reminder: true, now });
    },

    async closeReplyLinks({ trx, row, snapshot, now }) {
      const request = openRequest(snapshot.context as CaseContext);
      if (request) await closeReplyLinks(trx, row.id, request.id, now);
    },

    async orderBadge({ trx, store, row, snapshot, actor, now }) {
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
        orderedOn: todayInUk(new Date(now)),
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
      if (context.replacement) await replaceOldBadge(trx, store, row, context.replacement, actor, now);
    },
  };
}

/**
 * A replacement badge is ordered: the badge it replaces, if this council issued it through the kit and it
 * is still in force, ends as `replaced` with the replacement's reason [S3, BBDS-BM], in the same
 * transaction, sent by the officer who approved (their role has badge:manage). A badge already ended
 * (cancelled, expired) or not issued yet is left as it is.
 */
async function replaceOldBadge(
  trx: Knex.Transaction,
  store: EffectContext['store'],
  row: WorkflowRow,
  replacement: CaseReplacement,
  actor: Actor,
  now: string,
): Promise<void> {
  const old = (await trx('badges')
    .where({ badge_number: replacement.badgeNumber, council_id: row.council_id })
    .first('id')) as { id: string } | undefined;
  if (!old) return;
  const by = actor.type === 'staff' ? { by: { id: actor.id, name: actor.name } } : {};
  await store.send(
    'badge',
    old.id,
    { type: 'REPLACE', reason: replacement.reason, today: todayInUk(new Date(now)), ...by },
    actor,
    { trx },
  );
}

/** The resident's language online; staff keying a paper form, a call or a visit work in English. */
function applicantLanguage(actor: Actor): 'en' | 'cy' {
  return actor.type === 'citizen' ? (actor.language ?? 'en') : 'en';
}

function defaultLetterSettings(): LetterSettings {
  const settings = defaultCouncilSettings();
  return { councilName: settings.council.name, council: settings.council, letters: settings.letters };
}

/** How the application reached the council, and who keyed it when staff did (a paper form, a call, a visit). */
function channelOf(row: WorkflowRow, actor: Actor): Pick<CaseInput, 'channel' | 'keyedBy'> {
  const channel = (row.channel as ChannelCode | undefined) ?? 'ONLINE';
  return actor.type === 'staff' && row.keyed_by
    ? { channel, keyedBy: { id: actor.id, name: actor.name } }
    : { channel };
}

/**
 * Opens the council's case for a sent application or request: the case workflow with its audit row, the
 * columns the queue searches and sorts by, and the application marked as sent, all in one transaction.
 */
async function openCase(options: {
  trx: Knex.Transaction;
  store: EffectContext['store'];
  actor: EffectContext['actor'];
  now: string;
  application: WorkflowRow;
  input: CaseInput;
  holder: { name: string; dateOfBirth?: string; postcode?: string; party: 'PERSON' | 'ORG' };
  eligibilityCode: string | null;
  emails?: ApplicantEmails;
}): Promise<void> {
  const { trx, input, application, holder, now } = options;
  await options.store.create('case', {
    trx,
    actor: options.actor,
    input,
    columns: {
      reference: application.reference,
      application_id: application.id,
      council_id: application.council_id,
      applicant_name: holder.name,
      applicant_date_of_birth: holder.dateOfBirth ?? null,
      postcode: holder.postcode ?? null,
      ni_number: input.answers.niNumber?.niNumber?.replace(/\s+/g, '').toUpperCase() || null,
      party: holder.party,
      application_type: input.applicationType,
      channel: input.channel,
      eligibility_outcome: input.eligibility.outcome,
      eligibility_code: options.eligibilityCode,
      fast_track: input.eligibility.fastTrack,
      submitted_at: now,
    },
  });
  await trx('applications').where({ id: application.id }).update({ submitted_at: now });
  await options.emails?.applicationReceived(trx, {
    councilId: application.council_id as string,
    reference: input.reference,
    to: applicantEmail(input),
    name: (input.answers.orgContact?.contactName ?? holder.name) || holder.name,
    language: input.language ?? 'en',
    now,
  });
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
