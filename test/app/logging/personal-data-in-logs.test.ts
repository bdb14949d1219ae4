import type { KitApp } from '../../../app/app';
import { PERSONAS } from '../../../workflows/application/personas';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

/**
 * The JSON logs through a whole application and a staff officer's work with it: every line is captured
 * as the kit writes it, and none may carry the applicant's personal data, while each still says which
 * request it was and where.
 */
const PIP = PERSONAS.find((persona) => persona.name.startsWith('England: PIP, 12 points'))!;
const answers = Object.assign(
  {},
  ...PIP.steps.map((step) => ('answers' in step ? step.answers : {})),
) as Record<string, string>;

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string; method: string; path: string };
  res?: { status: number };
  err?: { message: string };
  durationMs?: number;
}

const MONTHS = 'January February March April May June July August September October November December';

/** Each piece of personal data in the forms a log line might show it. */
function personalData(): string[] {
  const { fullName, dateOfBirth, niNumber, addressLine1, postcode, email, phone } = answers;
  const [year, month, day] = dateOfBirth.split('-');
  return [
    fullName,
    fullName.toLowerCase(),
    ...fullName.split(' '),
    dateOfBirth,
    `${Number(day)} ${MONTHS.split(' ')[Number(month) - 1]} ${year}`,
    `${day}/${month}/${year}`,
    niNumber,
    niNumber.replace(/^(..)(..)(..)(..)(.)$/, '$1 $2 $3 $4 $5'),
    addressLine1,
    postcode,
    postcode.replace(/\s/g, ''),
    postcode.replace(/\s/g, '+'),
    encodeURIComponent(postcode),
    email,
    encodeURIComponent(email),
    phone,
  ];
}

describe('the JSON logs keep personal data out', () => {
  let app: KitApp;
  const lines: string[] = [];
  beforeAll(async () => {
    app = await buildTestApp({
      logLevel: 'info',
      logDestination: { write: (line: string) => void lines.push(line) },
      // The kit's own error logging, not the test helper's silent stand-in.
      logError: undefined,
    });
  });
  afterAll(async () => {
    await app.kit.close();
  });

  it('logs every request with its id, path, status and duration, and no name, date of birth, NI number, address or email', async () => {
    const citizen = new Browser(app);
    const reference = await sendApplication(citizen, PIP);

    await addStaff(app, 'assessor');
    const officer = new Browser(app);
    await officer.signIn('', 'assessor@test.gov.uk');
    for (const term of [
      answers.fullName,
      answers.niNumber,
      answers.postcode,
      answers.dateOfBirth,
      answers.email,
    ]) {
      const found = await officer.get(`/staff/cases?q=${encodeURIComponent(term)}`);
      expect(found.status).toBe(200);
    }
    const casePage = await officer.get(`/staff/cases/${reference}`);
    expect(casePage.text).toContain(answers.fullName);

    // A request the client tags with its own id, and one whose id is not a safe token.
    const tagged = await officer.agent.get('/staff/cases').set('X-Request-Id', 'proxy-abc.123');
    expect(tagged.headers['x-request-id']).toBe('proxy-abc.123');
    const untrusted = await officer.agent
      .get('/staff/cases')
      .set('X-Request-Id', `${answers.fullName}<script>`);
    expect(untrusted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    // A failing request: the database error quotes the search, as SQL, in its message.
    await app.kit.db.schema.renameTable('cases', 'cases_elsewhere');
    const failed = await officer.get(`/staff/cases?q=${encodeURIComponent(answers.fullName)}`);
    expect(failed.status).toBe(500);
    await app.kit.db.schema.renameTable('cases_elsewhere', 'cases');

    const entries = lines.map((line) => JSON.parse(line) as LogLine);
    const requests = entries.filter((entry) => entry.req && entry.res) as Array<Required<LogLine>>;
    expect(requests.length).toBeGreaterThan(PIP.steps.length * 2);
    for (const entry of requests) {
      expect(entry.req.id).toEqual(expect.any(String));
      expect(entry.req.path).toMatch(/^\//);
      expect(entry.req.path).not.toContain('?');
      expect(entry.res.status).toEqual(expect.any(Number));
      expect(entry.durationMs).toEqual(expect.any(Number));
      expect(Object.keys(entry.req).sort()).toEqual(['id', 'method', 'path']);
    }
    const paths = requests.map((entry) => `${entry.req.method} ${entry.req.path}`);
    expect(paths).toContain('POST /apply/name');
    expect(paths).toContain('GET /staff/cases');
    expect(paths).toContain(`GET /staff/cases/${reference}`);
    expect(requests.map((entry) => entry.req.id)).toContain('proxy-abc.123');
    expect(new Set(requests.map((entry) => entry.req.id)).size).toBe(requests.length);

    // The failure: logged at error level, with the request id of the request that failed.
    const failedId = failed.headers['x-request-id'];
    const errorLines = entries.filter((entry) => entry.level >= 50 && entry.req?.id === failedId);
    expect(
      errorLines.some((entry) => entry.msg === 'unexpected error' && /cases/.test(entry.err?.message ?? '')),
    ).toBe(true);

    const everything = lines.join('\n');
    for (const value of personalData()) expect(everything).not.toContain(value);
    expect(everything).not.toMatch(/bb\.sid|_csrf/);
  });
});
