import express from 'express';
import type { Knex } from 'knex';
import {
  diagramDescription,
  isWorkflowKind,
  processMap,
  processMapSvg,
  rolesInWords,
  WORKFLOW_KINDS,
  type ProcessMap,
  type ProcessTransition,
  type TargetSettings,
} from '../../workflows/process-map';
import { requireStaff } from '../middleware/auth';

export interface ProcessRouteOptions {
  db: Knex;
  mountPath: string;
  /** council.json `process.publicMaps`: false keeps the maps for signed-in staff. */
  publicMaps: boolean;
  /** council.json `targets`, shown as each state's target time. */
  targets: TargetSettings;
}

/** A transition as the page lists it: its targets with links to their rows. */
function nextStep(transition: ProcessTransition) {
  return {
    event: transition.event,
    guard: transition.guard?.description,
    permission: transition.permission,
    roles: rolesInWords(transition.roles).join(', '),
    description: transition.description,
    targets: transition.targets,
  };
}

function pageModel(map: ProcessMap, mountPath: string) {
  return {
    map,
    states: map.states.map((state) => ({
      ...state,
      who: [...(state.actor ? [state.actor] : []), ...rolesInWords(state.roles)].join(', '),
      screenHref: state.screen ? `${mountPath}${state.screen.href}` : undefined,
      next: state.transitions.filter((t) => !t.summarisedBy).map(nextStep),
    })),
    anywhere: map.anywhere.filter((t) => !t.summarisedBy).map(nextStep),
    description: diagramDescription(map),
  };
}

/**
 * The living process maps (/process): an index of the workflows, and a page per workflow with its diagram
 * (an SVG drawn from the statechart, served as an image so the page needs no script and the CSP is
 * untouched) and the same content as headings, lists and tables for screen-reader users. Public unless the
 * council's `process.publicMaps` is false. Comments on the maps live under /process/:workflow/comments.
 */
export function processRoutes(options: ProcessRouteOptions): express.Router {
  const { mountPath, targets } = options;
  const router = express.Router();
  if (!options.publicMaps) router.use(requireStaff(options.db, mountPath));

  router.get('/', (_req, res) => {
    res.render('process/index.njk', {
      workflows: WORKFLOW_KINDS.map((kind) => processMap(kind, targets)),
    });
  });

  router.get('/:workflow/diagram.svg', async (req, res, next) => {
    const kind = req.params.workflow;
    if (!isWorkflowKind(kind)) return res.status(404).render('errors/404.njk');
    try {
      const svg = await processMapSvg(kind, targets);
      res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Opened on its own, the drawing runs nothing and loads nothing.
      res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'self'");
      res.send(svg);
    } catch (error) {
      next(error);
    }
  });

  router.get('/:workflow', (req, res) => {
    const kind = req.params.workflow;
    if (!isWorkflowKind(kind)) return res.status(404).render('errors/404.njk');
    res.render('process/workflow.njk', {
      ...pageModel(processMap(kind, targets), mountPath),
      diagramSrc: `${mountPath}/process/${kind}/diagram.svg`,
      backLink: `${mountPath}/process`,
    });
  });

  return router;
}
