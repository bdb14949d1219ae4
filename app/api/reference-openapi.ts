/**
 * The OpenAPI description of the read API for suppliers (app/api/reference-api.ts): its paths and the
 * schemas of its responses, merged into the kit's one OpenAPI document (app/api/openapi.ts).
 */
import type { JsonSchema } from '../../workflows/rules';

export const WORKFLOWS_PATH = '/api/v1/workflows';
export const REFERENCE_DATA_PATH = '/api/v1/reference-data';

const text = (title: string, description: string): JsonSchema => ({ title, description, type: 'string' });
const nullable = (title: string, description: string, type = 'string'): JsonSchema => ({
  title,
  description,
  type: [type, 'null'],
});
const strict = (title: string, description: string, properties: Record<string, JsonSchema>): JsonSchema => ({
  title,
  description,
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});
const listOf = (items: JsonSchema, title: string, description: string): JsonSchema => ({
  title,
  description,
  type: 'array',
  items,
});

const TRANSITION = strict('Transition', 'One way out of a state.', {
  kind: {
    title: 'Kind',
    description: 'event: sent by someone; automatic: taken at once on entry; delayed: taken after delay.',
    type: 'string',
    enum: ['event', 'automatic', 'delayed'],
  },
  event: nullable('Event', 'The event type, for kind event.'),
  delay: {
    title: 'Delay',
    description: 'For kind delayed: milliseconds, or the name of a delay the council sets.',
    type: ['integer', 'string', 'null'],
  },
  targets: listOf({ type: 'string' }, 'Targets', 'The state paths it goes to; empty when it stays.'),
  guard: nullable('Guard', 'The name of the condition that must hold, if any.'),
  permission: nullable('Permission', 'The staff permission the event needs (docs/roles.md); null otherwise.'),
  description: nullable('Description', 'What the transition means, in plain English.'),
  actions: listOf({ type: 'string' }, 'Actions', 'Named actions: records written and effects performed.'),
});

const STATE = strict('State', 'One state of the statechart.', {
  path: text('Path', 'The state, as a dotted path from the top (decided.refused).'),
  parent: nullable('Parent', 'The path of the state it is inside; null at the top.'),
  type: {
    title: 'Type',
    description: 'atomic, compound (has child states), parallel, final (nothing follows) or history.',
    type: 'string',
    enum: ['atomic', 'compound', 'parallel', 'final', 'history'],
  },
  description: nullable('Description', 'What the state means.'),
  initial: nullable('Initial child', 'For a compound state: the child it is entered at.'),
  transitions: listOf({ $ref: '#/components/schemas/Transition' }, 'Transitions', 'The ways out.'),
});

const WORKFLOW_DEFINITION = strict(
  'Workflow definition',
  'One version of a workflow statechart: every state with its transitions. Built from the machine the kit runs.',
  {
    id: text('Workflow id', 'application, replacement, case or badge.'),
    version: { title: 'Version', description: 'The version number.', type: 'integer', minimum: 1 },
    description: nullable('Description', 'What the workflow covers.'),
    initial: text('Initial state', 'The state an instance starts in.'),
    states: listOf({ $ref: '#/components/schemas/State' }, 'States', 'Parents before children.'),
  },
);

const WORKFLOW_SUMMARY = strict('Workflow', 'A workflow and its versions.', {
  id: text('Workflow id', 'The id used in the paths below.'),
  title: text('Title', 'Its name.'),
  description: nullable('Description', 'What it covers.'),
  currentVersion: { title: 'Current version', description: 'New instances start on it.', type: 'integer' },
  versions: listOf(
    { type: 'integer' },
    'Versions',
    'Every version this kit runs (instances keep the version they started on).',
  ),
});

const CODED = strict('Code', 'A code and what it means.', {
  code: text('Code', 'The code.'),
  description: text('Description', 'What it means.'),
});
const codes = (title: string, description: string) =>
  listOf({ $ref: '#/components/schemas/Code' }, title, description);

const ELIGIBILITY_CODE = strict('Eligibility code', 'An eligibility route in one nation.', {
  code: text('Code', 'The national eligibility code [BBDS-REF].'),
  name: text('Name', 'Its name.'),
  applicant: text('Applicant', 'young-child, person, person-any-age or organisation.'),
  outcome: {
    title: 'Outcome',
    description: 'Whether meeting it is enough, or the council assesses further.',
    type: 'string',
    enum: ['eligible-automatic', 'further-assessment'],
  },
  summary: text('Summary', 'What the applicant must meet (docs/rules.md).'),
  sources: listOf({ type: 'string' }, 'Sources', 'Keys of the source list in docs/rules.md.'),
});

const NATION_CODES = listOf(
  { $ref: '#/components/schemas/EligibilityCode' },
  'Codes',
  'Codes open in the nation.',
);

const REFERENCE_DATA = strict('Reference data', 'The codes the kit and the national service use.', {
  nations: listOf({ type: 'string', enum: ['england', 'scotland', 'wales'] }, 'Nations', 'Nations served.'),
  eligibilityCodes: strict('Eligibility codes', 'Eligibility codes per nation.', {
    england: NATION_CODES,
    scotland: NATION_CODES,
    wales: NATION_CODES,
  }),
  refusalReasons: codes('Refusal reasons', 'Grounds recorded with a refusal (case records).'),
  caseStatuses: codes('Case statuses', "The case workflow's states (current version)."),
  badgeStatuses: codes('Badge statuses', "The national service's badge statuses [BBDS-BM]."),
  badgeWorkflowStates: codes('Badge workflow states', "The kit's badge workflow states (current version)."),
  applicationTypes: codes('Application types', 'NEW, RENEW, CANCEL, REPLACE [BBDS-REF].'),
  channels: codes('Channels', 'How an application arrived [BBDS-REF].'),
  evidenceTypes: codes('Evidence types', 'Kinds of evidence file [BBDS-REF].'),
  parties: codes('Parties', 'PERSON or ORG [BBDS-BM].'),
});

export const REFERENCE_SCHEMAS: Record<string, JsonSchema> = {
  WorkflowList: strict('Workflows', 'Every workflow the kit runs.', {
    workflows: listOf(
      { $ref: '#/components/schemas/Workflow' },
      'Workflows',
      'In the order the kit lists them.',
    ),
  }),
  Workflow: WORKFLOW_SUMMARY,
  WorkflowDefinition: WORKFLOW_DEFINITION,
  State: STATE,
  Transition: TRANSITION,
  ReferenceData: REFERENCE_DATA,
  EligibilityCode: ELIGIBILITY_CODE,
  Code: CODED,
};

type ProblemResponse = (description: string) => JsonSchema;

const ok = (description: string, schema: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

const WORKFLOW_ID = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The workflow id (GET /api/v1/workflows lists them).',
  schema: { type: 'string' },
};

export function referencePaths(problem: ProblemResponse): Record<string, JsonSchema> {
  return {
    [WORKFLOWS_PATH]: {
      get: {
        operationId: 'listWorkflows',
        summary: 'The workflows and their versions',
        responses: { '200': ok('Every workflow.', 'WorkflowList') },
      },
    },
    [`${WORKFLOWS_PATH}/{id}`]: {
      get: {
        operationId: 'getWorkflow',
        summary: "A workflow's current version",
        parameters: [WORKFLOW_ID],
        responses: {
          '200': ok('The current version of the statechart.', 'WorkflowDefinition'),
          '404': problem('No workflow has this id.'),
        },
      },
    },
    [`${WORKFLOWS_PATH}/{id}/versions/{version}`]: {
      get: {
        operationId: 'getWorkflowVersion',
        summary: 'One version of a workflow',
        parameters: [
          WORKFLOW_ID,
          {
            name: 'version',
            in: 'path',
            required: true,
            description: 'The version number.',
            schema: { type: 'integer' },
          },
        ],
        responses: {
          '200': ok('That version of the statechart.', 'WorkflowDefinition'),
          '404': problem('No workflow has this id, or it has no such version in this kit.'),
        },
      },
    },
    [REFERENCE_DATA_PATH]: {
      get: {
        operationId: 'getReferenceData',
        summary:
          'Codes: eligibility per nation, refusal reasons, statuses, application types, channels, evidence',
        responses: { '200': ok('The reference data.', 'ReferenceData') },
      },
    },
  };
}
