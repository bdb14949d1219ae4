import express from 'express';
import { applicationMachine, type ApplicationContext } from '../../workflows/application/machine';
import { pageOf } from '../../workflows/journey/path';
import type { Nation } from '../../workflows/rules/types';
import type { WorkflowStore } from '../engine/workflow-store';
import { journeyRouter } from '../journey/journey-router';
import { newReference } from '../services/references';

/** The citizen's "Apply for a Blue Badge": a start page, then the application statechart's pages. */
export function applyRoutes(options: {
  store: WorkflowStore;
  mountPath: string;
  councilId: string;
  nation: Nation;
}): express.Router {
  const router = express.Router();
  const baseUrl = `${options.mountPath}/apply`;

  router.get('/', (_req, res) => res.render('journey/start.njk', { startAction: `${baseUrl}/start` }));

  router.post('/start', async (req, res) => {
    const row = await options.store.create('application', {
      input: { nation: options.nation },
      columns: { reference: newReference(), council_id: options.councilId },
      actor: { type: 'citizen' },
    });
    // A new application gets a new session id, so an id seen before cannot be reused.
    await new Promise<void>((resolve, reject) =>
      req.session.regenerate((err) => (err ? reject(err) : resolve())),
    );
    req.session.applicationId = row.id;
    res.redirect(303, `${baseUrl}/${pageOf(applicationMachine, row.state)!.path}`);
  });

  router.use(
    journeyRouter({
      kind: 'application',
      machine: applicationMachine,
      store: options.store,
      baseUrl,
      startUrl: baseUrl,
      input: (context) => ({ nation: (context as ApplicationContext).nation }),
      loadId: (req) => req.session.applicationId,
      locals: (row) => ({ reference: row.reference }),
    }),
  );
  return router;
}
