import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import type { AnyEventObject } from 'xstate';
import type { KitApp } from '../../../app/app';
import { PERSONAS, inYears, personaEvents } from '../../../workflows/application/personas';
import { caseEventForms } from '../../../workflows/case/forms';
import type { CaseContext } from '../../../workflows/case/machine';
import { REFUSAL_REASON_CODES } from '../../../workflows/case/records';
import { describeMachine } from '../../../workflows/engine/definition';
import { EVIDENCE_TYPES } from '../../../workflows/journey/pages';
import { loadEligibilitySchema, type JsonSchema } from '../../../workflows/rules';
import { versionsOf, WORKFLOWS, type WorkflowDefinition } from '../../../workflows/registry';
import { staffFormEvent } from '../../helpers/staff-forms';
import { buildTestApp } from '../../helpers/test-app';

const schemaFile = (name: string) =>
  JSON.parse(
    readFileSync(path.join(__dirname, '../../../docs/schemas', `${name}.schema.json`), 'utf8'),
  ) as JsonSchema;

function newAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

function expectValid(validate: ValidateFunction, body: unknown) {
  validate(body);
  expect(validate.errors ?? []).toEqual([]);
}

let app: KitApp;
let openApi: JsonSchema;
/** A validator for a response as the OpenAPI document describes it (path, method get, status, media type). */
let responseValidator: (path: string, status: string) => ValidateFunction;

beforeAll(async () => {
  app = await buildTestApp();
  openApi = (await request(app).get('/api/v1/openapi.json').expect(200)).body as JsonSchema;
  // The document's components become $defs of one schema, so their $refs to each other resolve.
  const components = JSON.parse(
    JSON.stringify((openApi.components as JsonSchema).schemas).replaceAll(
      '#/components/schemas/',
      '#/$defs/',
    ),
  ) as Record<string, JsonSchema>;
  const ajv = newAjv();
  ajv.addSchema({ $id: 'urn:test:openapi', $defs: components });
  responseValidator = (apiPath, status) => {
    const operation = (openApi.paths as Record<string, { get: { responses: Record<string, JsonSchema> } }>)[
      apiPath
    ].get;
    const content = operation.responses[status].content as Record<string, { schema: { $ref: string } }>;
    const [mediaType] = Object.keys(content);
    return ajv.getSchema(
      `urn:test:openapi${content[mediaType!]!.schema.$ref.replace('/components/schemas/', '/$defs/')}`,
    )!;
  };
});
afterAll(() => app.kit.close());

async function expectNotFoundProblem(url: string, apiPath: string, detail: RegExp) {
  const response = await request(app).get(url).expect(404);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expectValid(responseValidator(apiPath, '404'), response.body);
  expect(response.body).toMatchObject({ type: 'urn:blue-badge-kit:problem:not-found', status: 404 });
  expect(response.body.detail).toMatch(detail);
}

describe('the reference specification: workflows and reference data (GET /api/v1/…)', () => {
  it('lists every workflow with its current version and every version the kit runs', async () => {
    const response = await request(app).get('/api/v1/workflows').expect(200);
    expectValid(responseValidator('/api/v1/workflows', '200'), response.body);
    expect(response.body.workflows.map((w: { id: string }) => w.id)).toEqual(Object.keys(WORKFLOWS));
    const entries = Object.entries(WORKFLOWS) as Array<[string, WorkflowDefinition]>;
    for (const [id, workflow] of entries) {
      expect(response.body.workflows.find((w: { id: string }) => w.id === id)).toMatchObject({
        currentVersion: workflow.version,
        versions: versionsOf(workflow).map((entry) => entry.version),
      });
    }
  });

  it('gives each document an ETag and answers 304 while it is unchanged, so suppliers can poll cheaply', async () => {
    for (const path of [
      '/api/v1/workflows',
      '/api/v1/workflows/case',
      '/api/v1/workflows/case/versions/1',
      '/api/v1/reference-data',
    ]) {
      const first = await request(app).get(path).expect(200);
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      const again = await request(app).get(path).set('If-None-Match', first.headers.etag).expect(304);
      expect(again.text).toBe('');
      await request(app).get(path).set('If-None-Match', '"something-else"').expect(200);
    }
    const workflows = await request(app).get('/api/v1/workflows/case');
    const application = await request(app).get('/api/v1/workflows/application');
    expect(workflows.headers.etag).not.toBe(application.headers.etag);
  });

  it("gives each workflow's machine as documented JSON: states, descriptions, transitions with permissions and guards", async () => {
    const entries = Object.entries(WORKFLOWS) as Array<[string, WorkflowDefinition]>;
    for (const [id, workflow] of entries) {
      const current = await request(app).get(`/api/v1/workflows/${id}`).expect(200);
      expectValid(responseValidator('/api/v1/workflows/{id}', '200'), current.body);
      expect(current.body).toEqual(describeMachine(workflow.machine, workflow.version));
      for (const { version } of versionsOf(workflow)) {
        const one = await request(app).get(`/api/v1/workflows/${id}/versions/${version}`).expect(200);
        expectValid(responseValidator('/api/v1/workflows/{id}/versions/{version}', '200'), one.body);
        expect(one.body.version).toBe(version);
      }
    }
    const caseDefinition = (await request(app).get('/api/v1/workflows/case')).body;
    const deciding = caseDefinition.states.find((s: { path: string }) => s.path === 'deciding');
    expect(deciding.transitions.find((t: { event: string }) => t.event === 'APPROVE')).toMatchObject({
      kind: 'event',
      targets: ['decided.approved'],
      guard: 'approvalAllowed',
      permission: 'case:decide',
    });
    const approved = caseDefinition.states.find((s: { path: string }) => s.path === 'decided.approved');
    expect(approved).toMatchObject({ parent: 'decided', type: 'atomic' });
    expect(approved.transitions).toEqual([
      expect.objectContaining({
        kind: 'automatic',
        event: null,
        targets: ['badgeOrdered'],
        actions: ['orderBadge'],
      }),
    ]);
    expect(caseDefinition.states.find((s: { path: string }) => s.path === 'decided')).toMatchObject({
      type: 'compound',
      initial: 'decided.approved',
    });
  });

  it('answers an unknown workflow or version with a 404 problem, never a 500', async () => {
    await expectNotFoundProblem(
      '/api/v1/workflows/parking-permit',
      '/api/v1/workflows/{id}',
      /no workflow called parking-permit/,
    );
    await expectNotFoundProblem(
      '/api/v1/workflows/constructor',
      '/api/v1/workflows/{id}',
      /no workflow called constructor/,
    );
    const versioned = '/api/v1/workflows/{id}/versions/{version}';
    await expectNotFoundProblem(
      '/api/v1/workflows/case/versions/99',
      versioned,
      /case workflow has no version 99 \(versions: /,
    );
    await expectNotFoundProblem('/api/v1/workflows/case/versions/1e3', versioned, /no version 1e3/);
    await expectNotFoundProblem('/api/v1/workflows/nope/versions/1', versioned, /no workflow called nope/);
  });

  it('publishes the reference data: eligibility codes per nation, refusal reasons, statuses, types, channels, evidence', async () => {
    const response = await request(app).get('/api/v1/reference-data').expect(200);
    expectValid(responseValidator('/api/v1/reference-data', '200'), response.body);
    const data = response.body;
    const codes = (nation: string) => data.eligibilityCodes[nation].map((c: { code: string }) => c.code);
    expect(codes('england')).toEqual(expect.arrayContaining(['PIP', 'DLA', 'WALKD', 'HIDDEN']));
    expect(codes('scotland')).toContain('ADP');
    expect(codes('england')).not.toContain('ADP');
    expect(data.refusalReasons.map((r: { code: string }) => r.code)).toEqual([...REFUSAL_REASON_CODES]);
    expect(data.evidenceTypes.map((r: { code: string }) => r.code)).toEqual([...EVIDENCE_TYPES]);
    expect(data.applicationTypes.map((r: { code: string }) => r.code)).toEqual([
      'NEW',
      'RENEW',
      'CANCEL',
      'REPLACE',
    ]);
    expect(data.channels.map((r: { code: string }) => r.code)).toEqual([
      'ONLINE',
      'PAPER',
      'PHONE',
      'INPERSON',
    ]);
    expect(data.caseStatuses.map((r: { code: string }) => r.code)).toEqual(
      describeMachine(WORKFLOWS.case.machine, WORKFLOWS.case.version).states.map((s) => s.path),
    );
    expect(data.badgeStatuses.map((r: { code: string }) => r.code)).toContain('ISSUED');
  });
});

describe('the JSON Schemas of the records (docs/schemas/), against real records from the personas', () => {
  const ajv = newAjv();
  ajv.addSchema(loadEligibilitySchema('request'));
  ajv.addSchema(loadEligibilitySchema('response'));
  const applicationRecord = ajv.compile(schemaFile('application-record'));
  const caseRecord = ajv.compile(schemaFile('case-record'));
  const decider = {
    type: 'staff',
    id: '00000000-0000-0000-0000-000000000002',
    name: 'Decider',
    role: 'decision-maker',
  } as const;
  const today = new Date().toISOString().slice(0, 10);
  /** Sends what an officer's form for `type` sends on this case (its defaults, with `answers` over them). */
  async function sendForm(caseId: string, type: string, answers: Record<string, string> = {}) {
    const { store } = app.kit;
    const { snapshot } = (await store.load('case', caseId))!;
    const event = staffFormEvent(caseEventForms, type, snapshot.context as CaseContext, today, answers);
    expect({ type, result: await store.send('case', caseId, event, decider) }).toMatchObject({
      type,
      result: { ok: true },
    });
  }

  it('holds for every persona’s application and case, and for approved and refused cases', async () => {
    const { store, db } = app.kit;
    const council = (await db('councils').first('id')).id as string;
    const sent = PERSONAS.filter((persona) => persona.expected);
    expect(sent.length).toBeGreaterThan(5);
    for (const [index, persona] of sent.entries()) {
      const reference = `BB-SCHEMA-${index}`;
      const created = await store.create('application', {
        input: { nation: persona.nation },
        columns: { reference, council_id: council },
        actor: { type: 'citizen' },
      });
      const result = await store.send('application', created.id, personaEvents(persona) as AnyEventObject[], {
        type: 'citizen',
        id: created.id,
      });
      expect(result).toMatchObject({ ok: true });
      expectValid(applicationRecord, (await store.load('application', created.id))!.snapshot.context);
      const caseRow = await db('cases').where({ reference }).first('id');
      expectValid(caseRecord, (await store.load('case', caseRow.id))!.snapshot.context);
      if (index > 1) continue;
      // The first two are decided: one approved, one refused and then asked to be reconsidered.
      await sendForm(caseRow.id, 'START_ASSESSMENT');
      await sendForm(caseRow.id, 'CHECK_EVIDENCE');
      if (index === 0) await sendForm(caseRow.id, 'APPROVE');
      else {
        await sendForm(caseRow.id, 'REFUSE', {
          reasons: 'INSUFFICIENT_EVIDENCE',
          reason: 'The evidence does not show it.',
        });
        await sendForm(caseRow.id, 'REQUEST_REVIEW', { kind: 'reconsideration' });
      }
      const decided = (await store.load('case', caseRow.id))!.snapshot.context;
      expect(decided.decision.outcome).toBe(index === 0 ? 'approved' : 'refused');
      if (index === 1) expect(decided.reviews).toHaveLength(1);
      expectValid(caseRecord, decided);
    }
    // A further-assessment route: every record of the assessment — evidence checks, the desktop
    // assessment, the referral to the assessor, a request for information with its reply — then approved.
    const walking = sent.findIndex((persona) => persona.expected?.code === 'WALKD');
    const walkingCase = (
      await db('cases')
        .where({ reference: `BB-SCHEMA-${walking}` })
        .first('id')
    ).id;
    await sendForm(walkingCase, 'START_ASSESSMENT');
    await sendForm(walkingCase, 'CHECK_EVIDENCE', { identity: 'rejected', identityReason: 'Blurred' });
    await sendForm(walkingCase, 'RECORD_DESKTOP_ASSESSMENT', { outcome: 'refer' });
    await sendForm(walkingCase, 'BOOK_APPOINTMENT', { date: inYears(0), place: 'Town Hall' });
    await sendForm(walkingCase, 'RECORD_ATTENDANCE', { attended: 'yes' });
    await sendForm(walkingCase, 'RECORD_ASSESSOR_OUTCOME', { outcome: 'meets', report: 'Cannot walk far' });
    await sendForm(walkingCase, 'REQUEST_INFORMATION', {
      whatIsNeeded: 'A clear photo ID',
      dueDate: inYears(1),
    });
    const replied = await store.send(
      'case',
      walkingCase,
      { type: 'INFORMATION_RECEIVED', reply: 'Attached', today },
      { type: 'citizen' },
    );
    expect(replied).toMatchObject({ ok: true });
    await sendForm(walkingCase, 'CHECK_EVIDENCE');
    await sendForm(walkingCase, 'APPROVE');
    const assessed = (await store.load('case', walkingCase))!.snapshot.context;
    expect(Object.keys(assessed)).toEqual(
      expect.arrayContaining([
        'evidenceChecks',
        'desktopAssessment',
        'referral',
        'informationRequests',
        'assessedBy',
        'decision',
      ]),
    );
    expectValid(caseRecord, assessed);
  });

  it('refuses records that break them (so the check above can fail)', () => {
    expect(caseRecord({ reference: 'X', nation: 'england' })).toBe(false);
    expect(applicationRecord({ nation: 'atlantis', answers: {}, lists: {}, reviewing: false })).toBe(false);
  });
});
