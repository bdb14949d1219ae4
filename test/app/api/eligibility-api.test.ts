import express from 'express';
import request from 'supertest';
import type { ValidateFunction } from 'ajv';
import { createEligibilityApi, type EligibilityApiOptions } from '../../../app/api/eligibility-api';
import { loadEligibilitySchema, type JsonSchema } from '../../../workflows/rules';
import { expectToMatchScenario, loadConformance } from '../../workflows/rules/conformance';
import { compileSchema } from '../../workflows/rules/schema-check';
import type { KitApp } from '../../../app/app';
import { buildTestApp } from '../../helpers/test-app';

const ELIGIBILITY = '/api/v1/eligibility';

function appWith(options: EligibilityApiOptions = {}, mountPath = '/') {
  const app = express();
  app.use(mountPath, createEligibilityApi(options));
  return app;
}

// The API as the kit serves it: mounted in the whole app, before sessions and CSRF.
let app: KitApp;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.kit.close());

const post = (body: unknown, contentType = 'application/json') =>
  request(app)
    .post(ELIGIBILITY)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));

const validBody = {
  nation: 'england',
  assessmentDate: '2025-06-02',
  applicant: { type: 'person', dateOfBirth: '1970-04-15' },
  benefits: { pip: { movingAroundPoints: 8, awardEndDate: '2027-01-31' } },
};

/** The schema the OpenAPI document gives for a response, following its $ref into components. */
function responseSchema(document: JsonSchema, status: string, mediaType: string): JsonSchema {
  const paths = document.paths as Record<string, { post: { responses: Record<string, JsonSchema> } }>;
  const content = paths[ELIGIBILITY].post.responses[status].content as Record<
    string,
    { schema: { $ref: string } }
  >;
  const ref = content[mediaType].schema.$ref;
  const name = ref.replace('#/components/schemas/', '');
  return ((document.components as JsonSchema).schemas as Record<string, JsonSchema>)[name];
}

let openApi: JsonSchema;
let validResponse: ValidateFunction;
let validProblem: ValidateFunction;

beforeAll(async () => {
  const response = await request(app).get('/api/v1/openapi.json').expect(200);
  openApi = response.body as JsonSchema;
  validResponse = compileSchema(responseSchema(openApi, '200', 'application/json'));
  validProblem = compileSchema(responseSchema(openApi, '400', 'application/problem+json'));
});

function expectValid(validate: ValidateFunction, body: unknown) {
  const valid = validate(body);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

/** A problem+json response with the given status, valid against the OpenAPI Problem schema. */
function expectProblem(response: request.Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.status).toBe(status);
  expectValid(validProblem, response.body);
}

/** The { pointer: detail } of a 400 validation problem. */
function fieldErrors(response: request.Response): Record<string, string> {
  expectProblem(response, 400);
  expect(response.body.type).toBe('urn:blue-badge-kit:problem:invalid-eligibility-request');
  return Object.fromEntries(
    (response.body.errors as { pointer: string; detail: string }[]).map((e) => [e.pointer, e.detail]),
  );
}

describe('POST /api/v1/eligibility: conformance scenarios over HTTP', () => {
  const { scenarios } = loadConformance();

  it.each(scenarios.map((s) => [s.id, s] as const))('%s', async (_id, scenario) => {
    const response = await post(scenario.request);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expectToMatchScenario(response.body, scenario);
    expectValid(validResponse, response.body);
  });
});

describe('POST /api/v1/eligibility: a valid request', () => {
  it('returns the result, never cached', async () => {
    const response = await post(validBody);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toMatchObject({ outcome: 'eligible-automatic', latestExpiryDate: '2027-01-31' });
  });

  it('accepts a charset parameter on application/json', async () => {
    expect((await post(validBody, 'application/json; charset=utf-8')).status).toBe(200);
  });

  it("applies the council's settings", async () => {
    const terminal = { ...validBody, benefits: {}, conditions: { terminalIllness: { specialRules: true } } };
    const council = appWith({ settings: { terminalIllnessAutomatic: true } });
    const response = await request(council)
      .post(ELIGIBILITY)
      .set('Content-Type', 'application/json')
      .send(terminal);
    expect(response.body).toMatchObject({ outcome: 'eligible-automatic', fastTrack: true });
    expect((await post(terminal)).body.outcome).toBe('further-assessment');
  });

  it('works mounted under a prefix', async () => {
    const mounted = appWith({}, '/blue-badge');
    await request(mounted).post(`/blue-badge${ELIGIBILITY}`).send(validBody).expect(200);
  });
});

describe('POST /api/v1/eligibility: invalid requests', () => {
  it('names an unknown nation', async () => {
    expect(fieldErrors(await post({ ...validBody, nation: 'france' }))).toEqual({
      '/nation': 'nation must be one of england, scotland, wales',
    });
  });

  it('names a missing applicant', async () => {
    const { applicant: _missing, ...body } = validBody;
    expect(fieldErrors(await post(body))).toEqual({ '/applicant': 'applicant is required' });
  });

  it('names PIP points of 7', async () => {
    const body = { ...validBody, benefits: { pip: { movingAroundPoints: 7 } } };
    expect(fieldErrors(await post(body))).toEqual({
      '/benefits/pip/movingAroundPoints': 'movingAroundPoints must be one of 0, 4, 8, 10, 12',
    });
  });

  it('refuses a date of birth in the future', async () => {
    const { assessmentDate: _none, ...body } = validBody;
    const future = { ...body, applicant: { type: 'person', dateOfBirth: '2999-01-01' } };
    expect(fieldErrors(await post(future))).toEqual({
      '/applicant/dateOfBirth': expect.stringMatching(/^dateOfBirth must not be in the future/),
    });
  });

  it('refuses 2023-02-30', async () => {
    expect(fieldErrors(await post({ ...validBody, assessmentDate: '2023-02-30' }))).toEqual({
      '/assessmentDate': 'assessmentDate must be a real date written as YYYY-MM-DD',
    });
  });

  it('names wrong types', async () => {
    const body = {
      ...validBody,
      applicant: { type: 'person', dateOfBirth: 19700415 },
      benefits: { wpms: { receiving: 'yes' } },
    };
    expect(fieldErrors(await post(body))).toEqual({
      '/applicant/dateOfBirth': 'dateOfBirth must be a real date written as YYYY-MM-DD',
      '/benefits/wpms/receiving': 'receiving must be true or false',
    });
  });

  it('rejects a "__proto__" key and pollutes nothing', async () => {
    const raw = JSON.stringify(validBody).replace(
      /}$/,
      ',"__proto__":{"isAdmin":true,"outcome":"eligible-automatic"}}',
    );
    const errors = fieldErrors(await post(raw));
    expect(Object.keys(errors)).toEqual(['/__proto__']);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('says how many problems there are', async () => {
    const response = await post({ nation: 'mars' });
    expect(response.body.detail).toBe('The request has 2 problems: see errors.');
  });
});

describe('POST /api/v1/eligibility: bodies that cannot be read', () => {
  it('answers 400 to a body that is not JSON', async () => {
    const response = await post('{"nation": "england",');
    expectProblem(response, 400);
    expect(response.body.type).toBe('urn:blue-badge-kit:problem:body-not-json');
    expect(response.body.errors).toBeUndefined();
  });

  it('answers 400 to JSON that is not an object', async () => {
    expect(fieldErrors(await post('[1, 2]'))).toEqual({ '': 'The request body must be a JSON object' });
  });

  it('answers 413 to a body over 1 MB', async () => {
    const huge = JSON.stringify({ ...validBody, padding: 'x'.repeat(1024 * 1024) });
    const response = await post(huge);
    expectProblem(response, 413);
    expect(response.body.type).toBe('urn:blue-badge-kit:problem:body-too-large');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/problem+json'])(
    'answers 415 to %s',
    async (contentType) => {
      const response = await post(JSON.stringify(validBody), contentType);
      expectProblem(response, 415);
      expect(response.body.type).toBe('urn:blue-badge-kit:problem:unsupported-media-type');
    },
  );

  it('answers 415 to no content type at all', async () => {
    expectProblem(await request(app).post(ELIGIBILITY), 415);
  });

  it('answers 415 to JSON in a charset other than UTF-8', async () => {
    expectProblem(await post(JSON.stringify(validBody), 'application/json; charset=latin1'), 415);
  });
});

describe('other methods and paths', () => {
  it('answers 405 with Allow: POST to GET /api/v1/eligibility', async () => {
    const response = await request(app).get(ELIGIBILITY);
    expectProblem(response, 405);
    expect(response.headers.allow).toBe('POST');
  });

  it('leaves other paths to the rest of the app', async () => {
    const host = appWith();
    host.get('/elsewhere', (_req, res) => {
      res.send('ok');
    });
    await request(host).get('/elsewhere').expect(200, 'ok');
    await request(host).post('/elsewhere').expect(404);
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document for the eligibility operation', () => {
    expect(openApi.openapi).toBe('3.1.0');
    const paths = openApi.paths as Record<string, { post?: { operationId: string; responses: object } }>;
    expect(paths[ELIGIBILITY].post?.operationId).toBe('assessEligibility');
    expect(Object.keys(paths[ELIGIBILITY].post?.responses ?? {}).sort()).toEqual([
      '200',
      '400',
      '405',
      '413',
      '415',
    ]);
  });

  it('embeds the published schemas unchanged but for their $schema', () => {
    const schemas = (openApi.components as JsonSchema).schemas as Record<string, JsonSchema>;
    const { $schema: _request, ...request } = loadEligibilitySchema('request');
    const { $schema: _response, ...response } = loadEligibilitySchema('response');
    expect(schemas.EligibilityRequest).toEqual(request);
    expect(schemas.EligibilityResponse).toEqual(response);
  });

  it('has a request example the API accepts', async () => {
    const paths = openApi.paths as Record<
      string,
      { post: { requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> } } }
    >;
    const example = paths[ELIGIBILITY].post.requestBody.content['application/json'].examples.pip.value;
    await post(example).expect(200);
  });
});

describe('createEligibilityApi', () => {
  it('refuses a mistyped setting when the app is built, not on a request', () => {
    expect(() => createEligibilityApi({ settings: { childAgeReading: 'under-4' } as never })).toThrow(
      /childAgeReading/,
    );
  });
});
