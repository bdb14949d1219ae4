/**
 * The read API for suppliers: the workflows as JSON (every version the kit runs) and the reference data.
 * Public and read-only, like the process maps: no personal data, no session, no CSRF. Unknown ids are a
 * 404 problem+json.
 */
import { createHash } from 'node:crypto';
import express from 'express';
import { describeMachine } from '../../workflows/engine/definition';
import { referenceData } from '../../workflows/reference-data';
import {
  isWorkflowKind,
  machineOf,
  versionsOf,
  WORKFLOWS,
  type WorkflowDefinition,
} from '../../workflows/registry';
import { sendProblem } from './eligibility-api';
import { PROBLEM_TYPES } from './openapi';
import { REFERENCE_DATA_PATH, WORKFLOWS_PATH } from './reference-openapi';

const TITLES: Record<keyof typeof WORKFLOWS, string> = {
  application: 'Apply for a Blue Badge',
  replacement: 'Replace a lost, stolen or damaged badge',
  case: 'Assess and decide an application',
  badge: 'A badge from order to issue',
};

function workflowOf(id: string): WorkflowDefinition | undefined {
  return isWorkflowKind(id) ? WORKFLOWS[id] : undefined;
}

function notFound(res: express.Response, detail: string): void {
  sendProblem(res, { type: PROBLEM_TYPES.notFound, title: 'Not found', status: 404, detail });
}

/**
 * A JSON document served with a strong ETag made once: the reference API's answers change only with the
 * kit's version, so suppliers polling it get a 304 for an unchanged document. (The app itself makes no
 * ETags: its pages and other answers are never stored, so hashing each body was wasted work.)
 */
function jsonDocument(value: unknown): { body: string; etag: string } {
  const body = JSON.stringify(value);
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

function sendDocument(res: express.Response, document: { body: string; etag: string }): void {
  // res.send answers 304 itself when the request's If-None-Match holds this ETag.
  res.set('ETag', document.etag).type('application/json').send(document.body);
}

export function createReferenceApi(): express.Router {
  const router = express.Router();
  const nosniff: express.RequestHandler = (_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  };
  const documents = new Map<string, { body: string; etag: string }>();
  const remembered = (key: string, make: () => unknown) => {
    let document = documents.get(key);
    if (!document) documents.set(key, (document = jsonDocument(make())));
    return document;
  };

  router.get(WORKFLOWS_PATH, nosniff, (_req, res) => {
    sendDocument(
      res,
      remembered('workflows', () => ({
        workflows: Object.entries(WORKFLOWS).map(([id, workflow]: [string, WorkflowDefinition]) => ({
          id,
          title: TITLES[id as keyof typeof WORKFLOWS],
          description: (workflow.machine.root.description as string | undefined) ?? null,
          currentVersion: workflow.version,
          versions: versionsOf(workflow).map((entry) => entry.version),
        })),
      })),
    );
  });

  router.get(`${WORKFLOWS_PATH}/:id`, nosniff, (req, res) => {
    const { id } = req.params as Record<string, string>;
    const workflow = workflowOf(id);
    if (!workflow) return notFound(res, `There is no workflow called ${id}.`);
    sendDocument(
      res,
      remembered(`${id}@${workflow.version}`, () => describeMachine(workflow.machine, workflow.version)),
    );
  });

  router.get(`${WORKFLOWS_PATH}/:id/versions/:version`, nosniff, (req, res) => {
    const params = req.params as Record<string, string>;
    const workflow = workflowOf(params.id);
    if (!workflow) return notFound(res, `There is no workflow called ${params.id}.`);
    const version = /^[1-9][0-9]{0,5}$/.test(params.version) ? Number(params.version) : NaN;
    const machine = Number.isNaN(version) ? undefined : machineOf(workflow, version);
    if (!machine) {
      const known = versionsOf(workflow)
        .map((entry) => entry.version)
        .join(', ');
      return notFound(
        res,
        `The ${params.id} workflow has no version ${params.version} (versions: ${known}).`,
      );
    }
    sendDocument(
      res,
      remembered(`${params.id}@${version}`, () => describeMachine(machine, version)),
    );
  });

  const reference = jsonDocument(referenceData());
  router.get(REFERENCE_DATA_PATH, nosniff, (_req, res) => sendDocument(res, reference));

  return router;
}
