/**
 * The OpenAPI 3.1 description of the eligibility API, built from the published JSON schemas in
 * docs/schemas/ (embedded, not copied, so it cannot drift from what the validator checks).
 */
import { loadEligibilitySchema, type JsonSchema } from '../../workflows/rules';
import { REFERENCE_SCHEMAS, referencePaths } from './reference-openapi';

export const ELIGIBILITY_PATH = '/api/v1/eligibility';
export const OPENAPI_PATH = '/api/v1/openapi.json';

/** RFC 9457 problem types this API returns. */
export const PROBLEM_TYPES = {
  invalidRequest: 'urn:blue-badge-kit:problem:invalid-eligibility-request',
  notJson: 'urn:blue-badge-kit:problem:body-not-json',
  tooLarge: 'urn:blue-badge-kit:problem:body-too-large',
  unsupportedMediaType: 'urn:blue-badge-kit:problem:unsupported-media-type',
  methodNotAllowed: 'urn:blue-badge-kit:problem:method-not-allowed',
  badRequest: 'urn:blue-badge-kit:problem:bad-request',
  notFound: 'urn:blue-badge-kit:problem:not-found',
} as const;

const PROBLEM_SCHEMA: JsonSchema = {
  title: 'Problem',
  description: 'An RFC 9457 problem details object.',
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: {
      title: 'Problem type',
      description: `A URI naming the kind of problem: one of ${Object.values(PROBLEM_TYPES).join(', ')}.`,
      type: 'string',
      enum: Object.values(PROBLEM_TYPES),
    },
    title: { title: 'Title', description: 'A short summary of the kind of problem.', type: 'string' },
    status: { title: 'Status', description: 'The HTTP status code.', type: 'integer' },
    detail: {
      title: 'Detail',
      description: 'What went wrong with this request, in plain English.',
      type: 'string',
    },
    errors: {
      title: 'Field errors',
      description: 'For an invalid request: one entry per field at fault.',
      type: 'array',
      items: {
        title: 'Field error',
        description: 'One field at fault.',
        type: 'object',
        additionalProperties: false,
        required: ['pointer', 'detail'],
        properties: {
          pointer: {
            title: 'Pointer',
            description:
              'JSON pointer (RFC 6901) to the field in the request body, such as /benefits/pip/movingAroundPoints; "" for the whole body.',
            type: 'string',
          },
          detail: {
            title: 'Detail',
            description: 'What is wrong with the field, in plain English.',
            type: 'string',
          },
        },
      },
    },
  },
};

/** The dialect is declared once for the document, so embedded schemas drop their own `$schema`. */
function embed(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const EXAMPLE_REQUEST = {
  nation: 'england',
  assessmentDate: '2025-06-02',
  applicant: { type: 'person', dateOfBirth: '1970-04-15' },
  benefits: { pip: { movingAroundPoints: 8, awardEndDate: '2027-01-31' } },
};

export function buildOpenApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Blue Badge service kit API',
      version: '1.0.0',
      summary: "The Blue Badge service kit's reference eligibility rules for England, Scotland and Wales.",
      description:
        'Send the facts a council knows about an applicant; get every eligibility route they meet, the best outcome, and the longest badge the rules allow. Stateless: nothing is stored. The rules, with their sources, are in docs/rules.md; conformance scenarios in docs/conformance/eligibility.json. The reference specification: the workflows (statecharts as JSON, every version the kit runs) and the reference data (codes); the records are described in docs/data.md and docs/schemas/.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths: {
      [ELIGIBILITY_PATH]: {
        post: {
          operationId: 'assessEligibility',
          summary: 'Assess Blue Badge eligibility',
          description:
            "Applies the nation's rules to the facts given. Unknown fields are rejected (400). Ages and award end dates are judged on assessmentDate (default: today in the UK).",
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/EligibilityRequest' },
                examples: { pip: { summary: 'PIP, 8 points for moving around', value: EXAMPLE_REQUEST } },
              },
            },
          },
          responses: {
            '200': {
              description: 'The eligibility result.',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/EligibilityResponse' } },
              },
            },
            '400': problemResponse('The body is not JSON, or not a valid eligibility request (see errors).'),
            '405': problemResponse('Only POST is allowed.'),
            '413': problemResponse('The body is larger than 1 MB.'),
            '415': problemResponse('The body is not application/json (or not UTF-8).'),
          },
        },
      },
      ...referencePaths(problemResponse),
      [OPENAPI_PATH]: {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This OpenAPI document',
          responses: {
            '200': { description: 'The OpenAPI 3.1 document.', content: { 'application/json': {} } },
          },
        },
      },
    },
    components: {
      schemas: {
        EligibilityRequest: embed(loadEligibilitySchema('request')),
        EligibilityResponse: embed(loadEligibilitySchema('response')),
        Problem: PROBLEM_SCHEMA,
        ...REFERENCE_SCHEMAS,
      },
    },
  };
}
