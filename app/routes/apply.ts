import express from 'express';
import { adaptToApplicant, applicationWording } from '../../workflows/application/adapt';
import { applicationFee, type ApplicationFee } from '../../workflows/application/fee';
import {
  applicationInput,
  applicationMachine,
  type ApplicationContext,
  type ApplicationInput,
} from '../../workflows/application/machine';
import { APPLICATION_NAMESPACE } from '../../workflows/application/pages';
import { REPLACEMENT_NAMESPACE } from '../../workflows/replacement/pages';
import {
  replacementMachine,
  type ReplacementContext,
  type ReplacementInput,
} from '../../workflows/replacement/machine';
import type { CouncilRuleSettings } from '../../workflows/rules';
import type { Nation } from '../../workflows/rules/types';
import type { Language } from '../../workflows/forms/fields';
import type { Actor } from '../engine/actor';
import type { WorkflowRow, WorkflowStore } from '../engine/workflow-store';
import { journeyRouter, type JourneyOptions } from '../journey/journey-router';
import { saveForLaterRoutes, type SaveAndReturnOptions } from './save-for-later';
import { timeoutWarning } from './session-timeout';
import { newReference } from '../services/references';
import type { EvidenceStore } from '../uploads/evidence';
import type { CouncilSettings } from '../council-settings';
import type { JourneyContext } from '../../workflows/journey/events';
import { adaptFeePage, type JourneyFee } from '../../workflows/journey/fee';
import { formatPence } from '../payments/money';

export interface CitizenOptions {
  store: WorkflowStore;
  evidence: EvidenceStore;
  mountPath: string;
  councilId: string;
  nation: Nation;
  ruleSettings: Partial<CouncilRuleSettings>;
  /** "Save and come back later" on residents' journeys (never on staff keying). */
  saveAndReturn?: SaveAndReturnOptions;
  /**
   * The council's fees (council.json `fee`), online only where a provider takes it: a person's badge, a
   * replacement, and each of an organisation's badges.
   */
  fees?: { application: JourneyFee; replacement: JourneyFee; organisation: JourneyFee };
  /** How to reach the council: the fee pages say how to pay it directly. */
  contact?: CouncilSettings['council'];
  /** Pages the app serves itself (the fee's `payment`: app/payments/handover.ts); residents' journeys only. */
  handovers?: JourneyOptions['handovers'];
}

/**
 * The fees from the council's settings: a badge's, a replacement's and an organisation's per badge (Wales
 * charges individuals nothing for a badge but may for a replacement or an organisation's badge [S3, W3]).
 * Online only where the council offers it and a provider can take it; otherwise the person pays later or
 * pays the council directly.
 */
export function journeyFees(
  fee: CouncilSettings['fee'],
  online: boolean,
): NonNullable<CitizenOptions['fees']> {
  const onlinePayment = fee.onlinePayment && online;
  return {
    application: { amountPence: fee.amountPence, onlinePayment },
    // Unset (null), they cost what a badge does.
    replacement: { amountPence: fee.replacementAmountPence ?? fee.amountPence, onlinePayment },
    organisation: { amountPence: fee.organisationAmountPence ?? fee.amountPence, onlinePayment },
  };
}

/** The fee pages' words need the amount and the council's contact details. */
function feeLocals(options: CitizenOptions, fee: ApplicationFee | undefined, context: JourneyContext) {
  return {
    feeAmount: formatPence(fee?.amountPence ?? 0),
    feePerBadge: fee?.perBadge && { each: formatPence(fee.perBadge.amountPence), count: fee.perBadge.badges },
    paymentProblem: context.paymentProblem,
    feeStatus: context.feeOutcome?.status,
    councilContact: options.contact,
  };
}

/**
 * A journey's definition, whoever answers it: residents online here, and officers keying a paper form,
 * a call or a visit (app/routes/staff-keying.ts) through the very same statechart and pages.
 */
export type JourneyDefinition = Omit<JourneyOptions, 'baseUrl' | 'sessionKey' | 'start'> & {
  start: NonNullable<JourneyOptions['start']>;
};

/** "Apply for a Blue Badge": the application statechart and its pages. */
export function applicationJourney(options: CitizenOptions): JourneyDefinition {
  const feeOf = (context: JourneyContext) => applicationFee(context as ApplicationContext, context.answers);
  return {
    kind: 'application',
    namespace: APPLICATION_NAMESPACE,
    machine: applicationMachine,
    store: options.store,
    evidence: options.evidence,
    start: {
      input: () =>
        ({
          nation: options.nation,
          ruleSettings: options.ruleSettings,
          fee: options.fees?.application,
          organisationFee: options.fees?.organisation,
        }) satisfies ApplicationInput,
      columns: () => ({ reference: newReference(), council_id: options.councilId }),
    },
    input: (context) => applicationInput(context as ApplicationContext),
    adaptPage: (page, context) =>
      adaptFeePage(adaptToApplicant(page, context as ApplicationContext), context),
    wording: (context) => applicationWording(context as ApplicationContext),
    feeOf,
    locals: (row, context) => ({ reference: row.reference, ...feeLocals(options, feeOf(context), context) }),
  };
}

/** "Replace a lost, stolen or damaged badge": the replacement statechart and its pages. */
export function replacementJourney(options: CitizenOptions): JourneyDefinition {
  return {
    kind: 'replacement',
    namespace: REPLACEMENT_NAMESPACE,
    machine: replacementMachine,
    store: options.store,
    evidence: options.evidence,
    start: {
      input: () => ({ nation: options.nation, fee: options.fees?.replacement }) satisfies ReplacementInput,
      columns: () => ({ reference: newReference(), council_id: options.councilId }),
    },
    input: (context) => {
      const { nation, fee } = context as ReplacementContext;
      return { nation, fee };
    },
    adaptPage: adaptFeePage,
    locals: (row, context) => ({
      reference: row.reference,
      ...feeLocals(options, (context as ReplacementContext).fee, context),
    }),
  };
}

/** The resident, in the language they are reading: the emails their sending causes use it. */
const residentActor = (res: express.Response, row: WorkflowRow): Actor => ({
  type: 'citizen',
  id: row.id,
  language: res.locals.lang as Language,
});

/**
 * A journey as residents use it: the session timeout warning on its pages, and "save and come back
 * later" (its email and confirmation pages first, so their paths are not taken for question pages).
 */
function residentJourney(
  definition: JourneyDefinition,
  options: CitizenOptions,
  path: string,
  sessionKey: 'applicationId' | 'replacementId',
): express.Router {
  const baseUrl = `${options.mountPath}/${path}`;
  const router = express.Router();
  router.use(timeoutWarning(options.mountPath, sessionKey));
  const { saveAndReturn } = options;
  if (saveAndReturn) {
    router.use(
      saveForLaterRoutes(
        { kind: definition.kind, machine: definition.machine, store: definition.store, baseUrl, sessionKey },
        { ...saveAndReturn, councilId: options.councilId, mountPath: options.mountPath },
      ),
    );
  }
  router.use(
    journeyRouter({
      ...definition,
      baseUrl,
      sessionKey,
      actor: residentActor,
      saveUrl: saveAndReturn ? `${baseUrl}/save` : undefined,
      handovers: options.handovers,
    }),
  );
  return router;
}

/** The application's pages under /apply. */
export function applyRoutes(options: CitizenOptions): express.Router {
  return residentJourney(applicationJourney(options), options, 'apply', 'applicationId');
}

/** The replacement request's pages under /replace. */
export function replaceRoutes(options: CitizenOptions): express.Router {
  return residentJourney(replacementJourney(options), options, 'replace', 'replacementId');
}
