import express from 'express';
import {
  applicationInput,
  applicationMachine,
  type ApplicationContext,
  type ApplicationInput,
} from '../../workflows/application/machine';
import type { CouncilRuleSettings } from '../../workflows/rules';
import { adaptToApplicant, applicationWording } from '../../workflows/application/adapt';
import { APPLICATION_NAMESPACE } from '../../workflows/application/pages';
import { pageOf } from '../../workflows/journey/path';
import type { Nation } from '../../workflows/rules/types';
import type { WorkflowStore } from '../engine/workflow-store';
import { regenerateSession } from '../middleware/session';
import { journeyRouter } from '../journey/journey-router';
import { newReference } from '../services/references';

/** The citizen's "Apply for a Blue Badge": a start page, then the application statechart's pages. */
export function applyRoutes(options: {
  store: WorkflowStore;
  mountPath: string;
  councilId: string;
  nation: Nation;
  ruleSettings: Partial<CouncilRuleSettings>;
}): express.Router {
  const router = express.Router();
  const baseUrl = `${options.mountPath}/apply`;

  router.get('/', (_req, res) => res.render('journey/start.njk', { startAction: `${baseUrl}/start` }));

  router.post('/start', async (req, res) => {
    const row = await options.store.create('application', {
      input: { nation: options.nation, ruleSettings: options.ruleSettings } satisfies ApplicationInput,
      columns: { reference: newReference(), council_id: options.councilId },
      actor: { type: 'citizen' },
    });
    await regenerateSession(req);
    req.session.applicationId = row.id;
    res.redirect(303, `${baseUrl}/${pageOf(applicationMachine, row.state)!.path}`);
  });

  router.use(
    journeyRouter({
      kind: 'application',
      namespace: APPLICATION_NAMESPACE,
      machine: applicationMachine,
      store: options.store,
      baseUrl,
      startUrl: baseUrl,
      input: (context) => applicationInput(context as ApplicationContext),
      loadId: (req) => req.session.applicationId,
      adaptPage: (page, context) => adaptToApplicant(page, context as ApplicationContext),
      wording: (context) => applicationWording(context as ApplicationContext),
      locals: (row) => ({ reference: row.reference }),
    }),
  );
  return router;
}
