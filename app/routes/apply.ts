import type express from 'express';
import { adaptToApplicant, applicationWording } from '../../workflows/application/adapt';
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
import type { WorkflowStore } from '../engine/workflow-store';
import { journeyRouter } from '../journey/journey-router';
import { newReference } from '../services/references';
import type { EvidenceStore } from '../uploads/evidence';

interface CitizenOptions {
  store: WorkflowStore;
  evidence: EvidenceStore;
  mountPath: string;
  councilId: string;
  nation: Nation;
  ruleSettings: Partial<CouncilRuleSettings>;
}

/** "Apply for a Blue Badge": the application statechart's pages under /apply. */
export function applyRoutes(options: CitizenOptions): express.Router {
  return journeyRouter({
    kind: 'application',
    namespace: APPLICATION_NAMESPACE,
    machine: applicationMachine,
    store: options.store,
    evidence: options.evidence,
    baseUrl: `${options.mountPath}/apply`,
    start: {
      input: () =>
        ({ nation: options.nation, ruleSettings: options.ruleSettings }) satisfies ApplicationInput,
      columns: () => ({ reference: newReference(), council_id: options.councilId }),
    },
    sessionKey: 'applicationId',
    input: (context) => applicationInput(context as ApplicationContext),
    adaptPage: (page, context) => adaptToApplicant(page, context as ApplicationContext),
    wording: (context) => applicationWording(context as ApplicationContext),
    locals: (row) => ({ reference: row.reference }),
  });
}

/** "Replace a lost, stolen or damaged badge": the replacement statechart's pages under /replace. */
export function replaceRoutes(options: CitizenOptions): express.Router {
  return journeyRouter({
    kind: 'replacement',
    namespace: REPLACEMENT_NAMESPACE,
    machine: replacementMachine,
    store: options.store,
    evidence: options.evidence,
    baseUrl: `${options.mountPath}/replace`,
    start: {
      input: () => ({ nation: options.nation }) satisfies ReplacementInput,
      columns: () => ({ reference: newReference(), council_id: options.councilId }),
    },
    sessionKey: 'replacementId',
    input: (context) => ({ nation: (context as ReplacementContext).nation }),
    locals: (row) => ({ reference: row.reference }),
  });
}
