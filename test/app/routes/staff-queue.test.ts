import { randomUUID } from 'node:crypto';
import type { EventObject } from 'xstate';
import type { KitApp } from '../../../app/app';
import { newReference } from '../../../app/services/references';
import {
  caseRestingStates,
  CASE_STATE_LABELS,
  encodeCursor,
  queueSegmentQuery,
  type QueueFilters,
} from '../../../app/services/queue';
import { createStaffUser } from '../../../app/services/staff';
import { inYears, PERSONAS, personaEvents, type Persona } from '../../../workflows/application/personas';
import { todayInUk } from '../../../workflows/rules/dates';
import { usingPostgres } from '../../helpers/database';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp, STAFF_PASSWORD, signedIn } from '../../helpers/test-app';
import { assessedEvents } from '../../helpers/case';

/**
 * The staff work queue (GET /staff/cases) and case assignment, through HTTP with real sessions and CSRF.
 * Cases are made the real way (a persona through HTTP, or the workflow store), then copied in bulk with
 * their own references, names and dates, so the queue has enough of them to page through quickly.
 */

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const weeksAgo = (weeks: number, ms = 0) => new Date(Date.now() - weeks * WEEK_MS - ms).toISOString();

const persona = (name: string) => {
  const found = PERSONAS.find((candidate) => candidate.name.startsWith(name));
  if (!found) throw new Error(`No persona ${name}`);
  return found;
};
const PIP = persona('England: PIP, 12 points');
const TERMINAL = persona('England: terminal illness');
const ORGANISATION = persona('England: an organisation');

/** The persona with another name (its answers otherwise the same). */
function renamed(base: Persona, fullName: string): Persona {
  return {
    ...base,
    steps: base.steps.map((step) =>
      step.state === 'fullName' && 'answers' in step ? { ...step, answers: { fullName } } : step,
    ),
  };
}

/** Sends a persona's application through the workflow store (as the demo data does); returns its reference. */
async function sendByStore(app: KitApp, applicant: Persona): Promise<string> {
  const reference = newReference();
  const row = await app.kit.store.create('application', {
    input: { nation: applicant.nation },
    columns: { reference, council_id: app.kit.councilId },
    actor: { type: 'citizen' },
  });
  const sent = await app.kit.store.send('application', row.id, personaEvents(applicant) as EventObject[], {
    type: 'citizen',
    id: row.id,
  });
  if (!sent.ok) throw new Error(`${applicant.name} could not be sent: ${sent.reason}`);
  return reference;
}

/** Copies of a real case row, each with its own id and reference and the given columns. */
async function copyCase(app: KitApp, fromReference: string, copies: Array<Record<string, unknown>>) {
  const template = (await app.kit.db('cases').where({ reference: fromReference }).first()) as Record<
    string,
    unknown
  >;
  const rows = copies.map((columns) => ({ ...template, id: randomUUID(), ...columns }));
  for (let i = 0; i < rows.length; i += 50) await app.kit.db('cases').insert(rows.slice(i, i + 50));
}

/** The case references on a queue page, in the order shown. */
const referencesOn = (html: string) =>
  [...html.matchAll(/<a class="govuk-link" href="\/staff\/cases\/(BB-[A-Z0-9]{4}-[A-Z0-9]{4})">/g)].map(
    (match) => match[1],
  );

/** The "Next page" or "Previous page" link's address, if the page has one. */
const pageLink = (html: string, rel: 'next' | 'prev') => {
  const match = new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html);
  return match ? match[1].replace(/&amp;/g, '&') : undefined;
};

describe('the work queue: filters, search and order', () => {
  let app: KitApp;
  let assessor: Browser;
  let manager: Browser;
  const ref: Record<string, string> = {};
  /** The NI number a persona gives (each persona has its own). */
  const niOf = (persona: typeof PIP) => {
    const step = persona.steps.find((candidate) => candidate.state === 'niNumber');
    return step && 'answers' in step ? step.answers.niNumber : '';
  };

  beforeAll(async () => {
    app = await buildTestApp();
    const assessorUser = await addStaff(app, 'assessor');
    const managerUser = await addStaff(app, 'team-manager');
    // Real cases: one through the citizen's pages, the rest through the workflow store.
    ref.pip = await sendApplication(new Browser(app), PIP); // Margaret Jones, SW1A 1AA
    ref.terminal = await sendByStore(app, TERMINAL); // Frank Moore, fast track
    ref.organisation = await sendByStore(app, ORGANISATION); // Oakwood Care Home, SW1A 2AA, no NI number
    ref.badge = await sendByStore(app, renamed(PIP, 'Harriet Baker'));
    // Approved, so it has a badge (the first number: KKKKKK).
    const badgeCase = await app.kit.db('cases').where({ reference: ref.badge }).first('id');
    const today = todayInUk();
    const approved = await app.kit.store.send(
      'case',
      badgeCase.id,
      [...assessedEvents(today), { type: 'APPROVE', startDate: today, expiryDate: inYears(2), today }],
      { type: 'staff', id: managerUser.id, name: managerUser.name, role: managerUser.role },
    );
    expect(approved.ok).toBe(true);

    Object.assign(ref, {
      alice: 'BB-CASE-0001',
      bob: 'BB-CASE-0002',
      carol: 'BB-CASE-0003',
      dan: 'BB-CASE-0004',
      eve: 'BB-CASE-0005',
    });
    await copyCase(app, ref.pip, [
      {
        reference: ref.alice,
        applicant_name: 'Alice Smith',
        postcode: 'N1 9GU',
        applicant_date_of_birth: '1957-03-27',
        ni_number: 'JM654321B',
        state: 'assessing.checkingEvidence',
        eligibility_code: 'WALKD',
        submitted_at: weeksAgo(20),
        assigned_to: assessorUser.id,
      },
      {
        // Stored as typed on paper: searched with spaces and case ignored all the same.
        reference: ref.bob,
        applicant_name: 'Bob SMITHSON',
        postcode: 'n19 gu',
        ni_number: null,
        state: 'decided.refused',
        submitted_at: weeksAgo(3),
      },
      {
        reference: ref.carol,
        applicant_name: 'Carol Jones',
        ni_number: null,
        state: 'badgeOrdered',
        submitted_at: weeksAgo(30),
      },
      {
        reference: ref.eve,
        applicant_name: 'Eve Price',
        ni_number: null,
        submitted_at: weeksAgo(1),
      },
    ]);
    await copyCase(app, ref.terminal, [
      {
        reference: ref.dan,
        applicant_name: 'Dan Fast',
        ni_number: null,
        submitted_at: weeksAgo(15),
        assigned_to: managerUser.id,
      },
    ]);
    assessor = await signedIn(app, assessorUser.email);
    manager = await signedIn(app, managerUser.email);
  });
  afterAll(() => app.kit.close());

  const queue = async (query = '', browser = assessor) => {
    const res = await browser.get(`/staff/cases${query}`);
    expect(res.status).toBe(200);
    return res;
  };
  const shown = async (query: string, browser = assessor) => referencesOn((await queue(query, browser)).text);
  const sorted = (names: string[]) => names.map((name) => ref[name]).sort();

  it('puts fast track first, tagged, then the rest by due date (oldest first)', async () => {
    const res = await queue();
    expect(referencesOn(res.text)).toEqual(
      ['dan', 'terminal', 'carol', 'alice', 'bob', 'eve', 'pip', 'organisation', 'badge'].map((n) => ref[n]),
    );
    // Each fast-track row carries the tag, and no other row does.
    const rows = res.text.split('<tr class="govuk-table__row">').slice(2);
    expect(rows.map((row) => row.includes('Fast track'))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    // Due: 12 weeks after it was sent; overdue when not decided by then.
    const alice = rows[3];
    const due = new Date(Date.parse(weeksAgo(20)) + 12 * WEEK_MS).toISOString().slice(0, 10);
    expect(alice).toContain(`datetime="${due}"`);
    expect(alice).toContain('Overdue');
    expect(rows[2]).not.toContain('Overdue'); // Carol: 30 weeks, but decided
    expect(alice).toContain('You'); // the assessor looking at the queue holds it
    expect(rows[0]).toContain('Test team-manager');
    expect(rows[4]).toContain('Unassigned');
  });

  it('filters by each status of the case statechart, and by decided or not', async () => {
    // Every state a case can rest in has a name and a filter.
    for (const { state } of caseRestingStates()) expect(CASE_STATE_LABELS[state]).toBeDefined();
    expect((await shown('?state=submitted')).sort()).toEqual(
      sorted(['pip', 'terminal', 'organisation', 'dan', 'eve']),
    );
    expect(await shown('?state=assessing.checkingEvidence')).toEqual([ref.alice]);
    expect(await shown('?state=decided.refused')).toEqual([ref.bob]);
    expect((await shown('?state=badgeOrdered')).sort()).toEqual(sorted(['carol', 'badge']));
    expect((await shown('?state=decided')).sort()).toEqual(sorted(['bob', 'carol', 'badge']));
    expect((await shown('?state=open')).sort()).toEqual(
      sorted(['pip', 'terminal', 'organisation', 'dan', 'eve', 'alice']),
    );
    const page = await queue('?state=assessing.checkingEvidence');
    expect(page.text).toMatch(
      /<option value="assessing.checkingEvidence" selected>Checking evidence<\/option>/,
    );
  });

  it('filters by eligibility route, fast track, assignment and overdue', async () => {
    expect((await shown('?route=PIP')).sort()).toEqual(sorted(['pip', 'bob', 'carol', 'eve', 'badge']));
    expect(await shown('?route=TERMILL')).toEqual([ref.dan, ref.terminal]);
    expect(await shown('?route=ORG')).toEqual([ref.organisation]);
    expect(await shown('?show=fast-track')).toEqual([ref.dan, ref.terminal]);
    expect(await shown('?assigned=me')).toEqual([ref.alice]);
    expect(await shown('?assigned=me', manager)).toEqual([ref.dan]);
    expect((await shown('?assigned=none')).sort()).toEqual(
      sorted(['pip', 'terminal', 'organisation', 'badge', 'bob', 'carol', 'eve']),
    );
    // Overdue: not decided and sent more than the council's target (12 weeks) ago.
    expect(await shown('?show=overdue')).toEqual([ref.dan, ref.alice]);
    expect(await shown('?show=overdue&show=fast-track')).toEqual([ref.dan]);
    expect(await shown('?show=overdue&state=assessing.checkingEvidence&assigned=me')).toEqual([ref.alice]);
    const previous = app.locals.targetWeeks;
    app.locals.targetWeeks = 16;
    try {
      const res = await queue('?show=overdue');
      expect(referencesOn(res.text)).toEqual([ref.alice]);
      expect(res.text).toContain('Not decided within 16 weeks of being sent');
    } finally {
      app.locals.targetWeeks = previous;
    }
  });

  it('searches by reference, name, postcode, badge number, date of birth and NI number', async () => {
    const search = (term: string) => shown(`?q=${encodeURIComponent(term)}`);
    // Reference, however it is typed.
    expect(await search(ref.pip)).toEqual([ref.pip]);
    expect(await search(ref.pip.toLowerCase().replace(/-/g, ' '))).toEqual([ref.pip]);
    // Name: part of it, any case.
    expect((await search('smith')).sort()).toEqual(sorted(['alice', 'bob']));
    expect((await search('  MARGARET  jones ')).sort()).toEqual([ref.pip]);
    expect((await search('jones')).sort()).toEqual(sorted(['pip', 'carol']));
    expect(await search('%')).toEqual([]); // a wildcard is just a character
    // Postcode: spaces and case ignored, in the search and in what was stored.
    expect(await search('sw1a1aa')).toContain(ref.pip);
    expect(await search('SW1A 2AA')).toEqual([ref.organisation]);
    expect((await search('n1 9gu')).sort()).toEqual(sorted(['alice', 'bob']));
    // Badge number (joined to badges); six letters could also be part of a name, and is searched as both.
    expect(await search('kkkkkk')).toEqual([ref.badge]);
    // Date of birth: DD/MM/YYYY or YYYY-MM-DD.
    expect(await search('27/03/1957')).toEqual([ref.alice]);
    expect(await search('1957-03-27')).toEqual([ref.alice]);
    const pipBorn = PIP.steps.find((step) => step.state === 'dateOfBirth')!;
    const [y, m, d] = ('answers' in pipBorn ? pipBorn.answers.dateOfBirth : '').split('-');
    expect((await search(`${d}/${m}/${y}`)).sort()).toEqual(sorted(['pip', 'badge', 'bob', 'carol', 'eve']));
    // NI number: from the column openCase fills (the real cases), spaces and case ignored.
    expect(await search('jm 65 43 21 b')).toEqual([ref.alice]);
    expect((await search(niOf(PIP))).sort()).toEqual(sorted(['pip', 'badge']));
    expect(await search(niOf(TERMINAL).toLowerCase())).toEqual([ref.terminal]);
    // Search and filters together.
    expect(await shown('?q=jones&state=badgeOrdered')).toEqual([ref.carol]);
  });

  it('fills the NI number column when a case is opened, and leaves it empty when none was given', async () => {
    const rows = (await app.kit
      .db('cases')
      .whereIn('reference', [ref.pip, ref.terminal, ref.organisation])
      .select('reference', 'ni_number')) as Array<{ reference: string; ni_number: string | null }>;
    expect(Object.fromEntries(rows.map((row) => [row.reference, row.ni_number]))).toEqual({
      [ref.pip]: niOf(PIP),
      [ref.terminal]: niOf(TERMINAL),
      [ref.organisation]: null,
    });
  });

  it('refuses filter values it does not offer with a 400 and an error summary, never a 500', async () => {
    const cases: Array<[query: string, message: string]> = [
      ['?state=lost', 'Select a status from the list'],
      ['?state=submitted&state=deciding', 'Select a status from the list'],
      ['?route=NOPE', 'Select an eligibility route from the list'],
      ['?assigned=everyone', 'Select who the cases are assigned to from the list'],
      ['?show=urgent', 'Select only the options shown'],
      ['?q=31/02/1960', 'Enter a real date of birth'],
      [`?q=${'a'.repeat(101)}`, 'Search must be 100 characters or fewer'],
      ['?q=a&q=b', 'Enter one search'],
      ['?after=not-a-cursor', 'This page link is not valid'],
      [`?after=${Buffer.from('[2,"x","y"]').toString('base64url')}`, 'This page link is not valid'],
      [`?before=${Buffer.from('{"a":1}').toString('base64url')}`, 'This page link is not valid'],
      [
        `?after=${Buffer.from('[1,"2026-01-01T00:00:00.000Z","x\' or 1=1"]').toString('base64url')}`,
        'This page link is not valid',
      ],
      [
        `?after=${encodeCursor({ fastTrack: true, submittedAt: weeksAgo(1), id: 'a' })}&before=${encodeCursor({ fastTrack: true, submittedAt: weeksAgo(1), id: 'a' })}`,
        'This page link is not valid',
      ],
      ['?after=a&after=b', 'This page link is not valid'],
    ];
    for (const [query, message] of cases) {
      const res = await assessor.get(`/staff/cases${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.text).toContain('govuk-error-summary');
      expect(res.text).toContain('There is a problem');
      expect(res.text).toContain(message);
      expect(referencesOn(res.text)).toEqual([]);
    }
    // The error links to the field; a bad page link leads back to the first page, filters kept.
    const bad = await assessor.get('/staff/cases?state=lost');
    expect(bad.text).toMatch(/<a href="#state">Select a status from the list<\/a>/);
    expect(bad.text).toContain('govuk-select--error');
    const badLink = await assessor.get('/staff/cases?route=PIP&after=zzz');
    expect(badLink.text).toContain('<a href="/staff/cases?route=PIP">This page link is not valid');
  });
});

describe('the work queue: keyset pagination', () => {
  let app: KitApp;
  let officer: Browser;
  const FAST = 31;
  const REST = 47;

  beforeAll(async () => {
    app = await buildTestApp();
    const user = await addStaff(app, 'read-only');
    const fast = await sendByStore(app, TERMINAL);
    const rest = await sendByStore(app, PIP);
    // Enough fast-track cases that the second page holds both kinds; some sent at the same instant, so the
    // id has to break the tie.
    const same = weeksAgo(10);
    await copyCase(
      app,
      fast,
      Array.from({ length: FAST - 1 }, (_, i) => ({
        reference: `BB-FAST-${String(i).padStart(4, '0')}`,
        submitted_at: i % 4 === 0 ? same : weeksAgo(2, i * 60_000),
      })),
    );
    await copyCase(
      app,
      rest,
      Array.from({ length: REST - 1 }, (_, i) => ({
        reference: `BB-REST-${String(i).padStart(4, '0')}`,
        submitted_at: i % 3 === 0 ? same : weeksAgo(5, i * 60_000),
      })),
    );
    officer = await signedIn(app, user.email);
  });
  afterAll(() => app.kit.close());

  /** Every case in queue order, straight from the database. */
  async function expectedOrder(where: Record<string, unknown> = {}) {
    const rows = (await app.kit
      .db('cases')
      .where(where)
      .orderBy([
        { column: 'fast_track', order: 'desc' },
        { column: 'submitted_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('reference')) as Array<{ reference: string }>;
    return rows.map((row) => row.reference);
  }

  /** Follows "Next page" from `start` to the end, then "Previous page" back to the first. */
  async function walk(start: string) {
    const forward: string[][] = [];
    const links: string[] = [];
    let url: string | undefined = start;
    let html = '';
    while (url) {
      const res = await officer.get(url);
      expect(res.status).toBe(200);
      html = res.text;
      forward.push(referencesOn(html));
      url = pageLink(html, 'next');
      if (url) links.push(url);
      expect(forward.length).toBeLessThan(20);
    }
    const backward: string[][] = [];
    url = pageLink(html, 'prev');
    while (url) {
      const res = await officer.get(url);
      expect(res.status).toBe(200);
      backward.unshift(referencesOn(res.text));
      url = pageLink(res.text, 'prev');
    }
    return { forward, backward, links };
  }

  it('pages through every case once, in order, forwards and back, with no gaps or repeats', async () => {
    const all = await expectedOrder();
    expect(all).toHaveLength(FAST + REST);
    const { forward, backward, links } = await walk('/staff/cases');
    expect(forward.map((page) => page.length)).toEqual([25, 25, 25, 3]);
    expect(forward.flat()).toEqual(all);
    expect(new Set(forward.flat()).size).toBe(all.length);
    // The second page crosses from fast track into the rest.
    expect(forward[1].slice(0, FAST - 25)).toEqual(all.slice(25, FAST));
    // Back again through "Previous page": the same pages.
    expect(backward).toEqual(forward.slice(0, -1));
    // Cursors, never offsets.
    for (const link of links) expect(link).toMatch(/^\/staff\/cases\?after=[A-Za-z0-9_-]+$/);
  });

  it('keeps the filters on the page links', async () => {
    const { forward, links } = await walk('/staff/cases?show=fast-track&state=submitted');
    expect(forward.flat()).toEqual(await expectedOrder({ fast_track: true }));
    expect(forward.map((page) => page.length)).toEqual([25, 6]);
    expect(links[0]).toMatch(/^\/staff\/cases\?state=submitted&show=fast-track&after=/);
    const rest = await walk('/staff/cases?route=PIP');
    expect(rest.forward.flat()).toEqual(await expectedOrder({ eligibility_code: 'PIP' }));
  });

  it('reads the default order from an index range, with no scan and no sort', async () => {
    const db = app.kit.db;
    const filters: QueueFilters = { councilId: app.kit.councilId };
    const from = { submittedAt: weeksAgo(3), id: randomUUID() };
    const queries: Array<[string, ReturnType<typeof queueSegmentQuery>]> = [
      ['first page', queueSegmentQuery(db, filters, { fastTrack: true }, 26)],
      ['next page', queueSegmentQuery(db, filters, { fastTrack: false, from }, 26)],
      ['previous page', queueSegmentQuery(db, filters, { fastTrack: false, from, backwards: true }, 26)],
    ];
    for (const [name, query] of queries) {
      const { sql, bindings } = query.toSQL();
      if (usingPostgres()) {
        // A table this small is cheapest to scan, so ask PostgreSQL what it would do without that choice.
        const plan = await db.transaction(async (trx) => {
          await trx.raw('set local enable_seqscan = off');
          await trx.raw('set local enable_bitmapscan = off');
          const rows = (await trx.raw(`explain ${sql}`, bindings)).rows as Array<{ 'QUERY PLAN': string }>;
          return rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        expect([name, plan]).toEqual([
          name,
          expect.stringMatching(/Index Scan( Backward)? using cases_queue_order_index on cases/),
        ]);
        expect([name, plan]).toEqual([name, expect.not.stringMatching(/Sort|Seq Scan on cases/)]);
      } else {
        const rows = (await db.raw(`explain query plan ${sql}`, bindings)) as Array<{ detail: string }>;
        const plan = rows.map((row) => row.detail);
        expect([name, plan]).toEqual([
          name,
          expect.arrayContaining([
            expect.stringMatching(
              /^SEARCH cases USING INDEX cases_queue_order_index \(council_id=\? AND fast_track=\?/,
            ),
          ]),
        ]);
        expect([name, plan.filter((line) => /^SCAN cases|TEMP B-TREE/.test(line))]).toEqual([name, []]);
      }
    }
  });

  it('uses each filter’s and search’s own index', async () => {
    const db = app.kit.db;
    const councilId = app.kit.councilId;
    // The filters, the index each should use, and the constraints SQLite should use it with.
    const plans: Array<[Partial<QueueFilters>, string, string]> = [
      [{ states: ['assessing'] }, 'cases_queue_state_index', 'council_id=? AND state=? AND fast_track=?'],
      [
        { eligibilityCode: 'PIP' },
        'cases_queue_route_index',
        'council_id=? AND eligibility_code=? AND fast_track=?',
      ],
      [{ assignedTo: null }, 'cases_queue_assigned_index', 'council_id=? AND assigned_to=? AND fast_track=?'],
      [
        { assignedTo: randomUUID() },
        'cases_queue_assigned_index',
        'council_id=? AND assigned_to=? AND fast_track=?',
      ],
      [
        { search: { niNumber: 'AB123456C' } },
        'cases_ni_number_index',
        'council_id=? AND ni_number=? AND fast_track=?',
      ],
      [
        { search: { dateOfBirth: '1957-03-27' } },
        'cases_date_of_birth_index',
        'council_id=? AND applicant_date_of_birth=? AND fast_track=?',
      ],
      [
        { search: { postcode: 'SW1A1AA' } },
        'cases_postcode_search_index',
        'council_id=? AND <expr>=? AND fast_track=?',
      ],
      [{ search: { reference: 'BB-AAAA-AAAA' } }, 'cases_reference_unique', 'reference=?'],
      [{ search: { badgeNumber: 'KKKKKK' } }, 'badges_badge_number_unique', 'badge_number=?'],
      // No B-tree serves a substring: the queue order index is walked (on SQLite reading only the index,
      // which carries the name), stopping at a page of matches. PostgreSQL may use its trigram index.
      [{ search: { name: 'smith' } }, 'cases_queue_order_index', 'council_id=? AND fast_track=?'],
    ];
    for (const [extra, index, constraints] of plans) {
      const { sql, bindings } = queueSegmentQuery(
        db,
        { councilId, ...extra },
        { fastTrack: false },
        26,
      ).toSQL();
      if (usingPostgres()) {
        const plan = await db.transaction(async (trx) => {
          await trx.raw('set local enable_seqscan = off');
          await trx.raw('set local enable_bitmapscan = off');
          const rows = (await trx.raw(`explain ${sql}`, bindings)).rows as Array<{ 'QUERY PLAN': string }>;
          return rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        // Which index PostgreSQL picks depends on its statistics (on a table this small, with every case
        // unassigned, walking the order index is right for "unassigned"); it must never scan the table.
        expect([extra, plan]).toEqual([
          extra,
          expect.stringMatching(/Index (Only )?Scan (Backward )?using \w+ on cases/),
        ]);
        expect([extra, plan]).toEqual([extra, expect.not.stringContaining('Seq Scan on cases')]);
      } else {
        const plan = ((await db.raw(`explain query plan ${sql}`, bindings)) as Array<{ detail: string }>).map(
          (row) => row.detail,
        );
        expect([extra, plan.join('\n')]).toEqual([
          extra,
          expect.stringContaining(`USING INDEX ${index} (${constraints}`),
        ]);
        expect([extra, plan.filter((line) => /^SCAN cases/.test(line))]).toEqual([extra, []]);
      }
    }
  });
});

describe('assigning cases', () => {
  let app: KitApp;
  let reference: string;
  let caseId: string;
  const users: Record<string, Awaited<ReturnType<typeof addStaff>>> = {};

  beforeAll(async () => {
    app = await buildTestApp();
    users.assessor = await addStaff(app, 'assessor');
    users.colleague = await createStaffUser(app.kit.db, {
      councilId: app.kit.councilId,
      email: 'colleague@test.gov.uk',
      name: 'Cal Colleague',
      role: 'assessor',
      password: STAFF_PASSWORD,
    });
    users.manager = await addStaff(app, 'team-manager');
    users.readOnly = await addStaff(app, 'read-only');
    reference = await sendApplication(new Browser(app), PIP);
    caseId = (await app.kit.db('cases').where({ reference }).first('id')).id;
  });
  afterAll(() => app.kit.close());

  const caseRow = () => app.kit.db('cases').where({ id: caseId }).first();
  const assignments = () =>
    app.kit.db('audit_events').where({ entity_id: caseId, event: 'ASSIGNED' }).orderBy('id');

  it('lets an assessor assign an unassigned case to themselves, from the queue, and records it', async () => {
    const officer = await signedIn(app, users.assessor.email);
    const list = await officer.get('/staff/cases?assigned=none');
    expect(list.text).toContain(`Assign to me<span class="govuk-visually-hidden"> case ${reference}</span>`);
    expect(list.text).not.toContain('/assign?returnTo'); // "Assign to…" is for team managers
    const before = await caseRow();

    const res = await officer.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'me', from: '', returnTo: '/staff/cases?assigned=none' },
      { fromPage: '/staff/cases?assigned=none' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff/cases?assigned=none');

    const after = await caseRow();
    expect(after.assigned_to).toBe(users.assessor.id);
    // Not a statechart transition: the state, snapshot and revision are as they were.
    expect([after.state, after.revision, after.snapshot]).toEqual([
      before.state,
      before.revision,
      before.snapshot,
    ]);
    const audit = await assignments();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entity_type: 'case',
      event: 'ASSIGNED',
      from_state: 'submitted',
      to_state: 'submitted',
      actor_type: 'staff',
      actor_id: users.assessor.id,
    });
    expect(JSON.parse(audit[0].detail)).toEqual({
      assignedTo: users.assessor.id,
      assignedBy: users.assessor.id,
    });

    const page = await officer.get(`/staff/cases/${reference}`);
    expect(page.text).toContain('Assigned to: <strong>you</strong>');
    expect(page.text).not.toContain('Assign to me');
    expect((await officer.get('/staff/cases?assigned=me')).text).toContain(reference);
  });

  it('does not let an assessor assign to a colleague, or take a colleague’s case', async () => {
    const officer = await signedIn(app, users.colleague.email);
    expect((await officer.get(`/staff/cases/${reference}/assign`)).status).toBe(403);
    const page = await officer.get(`/staff/cases/${reference}`);
    expect(page.text).toContain('Assigned to: <strong>Test assessor</strong>');
    expect(page.text).not.toContain('Assign to me');
    const toColleague = await officer.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: users.colleague.id, from: users.assessor.id },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(toColleague.status).toBe(403);
    const take = await officer.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'me', from: users.assessor.id },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(take.status).toBe(403);
    expect((await caseRow()).assigned_to).toBe(users.assessor.id);
    expect(await assignments()).toHaveLength(1);
  });

  it('lets a team manager assign the case to a colleague', async () => {
    const manager = await signedIn(app, users.manager.email);
    const casePage = await manager.get(`/staff/cases/${reference}`);
    expect(casePage.text).toContain(`href="/staff/cases/${reference}/assign"`);

    const form = await manager.get(`/staff/cases/${reference}/assign`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('It is assigned to Test assessor now.');
    // Colleagues who can assess, not read-only staff.
    expect(form.text).toContain(`<option value="${users.colleague.id}">Cal Colleague</option>`);
    expect(form.text).toContain(`<option value="${users.manager.id}">Test team-manager (you)</option>`);
    expect(form.text).not.toContain(users.readOnly.id);

    const none = await manager.submit(`/staff/cases/${reference}/assign`, { from: users.assessor.id });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Select who to assign the case to');
    const readOnly = await manager.submit(`/staff/cases/${reference}/assign`, {
      assignee: users.readOnly.id,
      from: users.assessor.id,
    });
    expect(readOnly.status).toBe(400);
    expect(readOnly.text).toContain('Select a colleague from the list');

    const res = await manager.submit(`/staff/cases/${reference}/assign`, {
      assignee: users.colleague.id,
      from: users.assessor.id,
      returnTo: 'https://elsewhere.example/phish',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/cases/${reference}`); // never off the site
    expect((await caseRow()).assigned_to).toBe(users.colleague.id);
    const audit = await assignments();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1].detail)).toEqual({
      assignedTo: users.colleague.id,
      assignedBy: users.manager.id,
    });
    expect(audit[1]).toMatchObject({
      from_state: 'submitted',
      to_state: 'submitted',
      actor_id: users.manager.id,
    });
    const queue = await manager.get('/staff/cases');
    expect(queue.text).toContain('Cal Colleague');
    expect((await manager.get(`/staff/cases/${reference}`)).text).toMatch(/Case: ASSIGNED/);
  });

  it('refuses an assignment made on an out-of-date page (409), changing nothing', async () => {
    const manager = await signedIn(app, users.manager.email);
    const stale = await manager.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'me', from: users.assessor.id },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else assigned this case');
    expect((await caseRow()).assigned_to).toBe(users.colleague.id);
    expect(await assignments()).toHaveLength(2);
  });

  it('does not let read-only staff assign (403), and shows them no assign buttons', async () => {
    const reader = await signedIn(app, users.readOnly.email);
    const queue = await reader.get('/staff/cases');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain(reference);
    expect(queue.text).not.toContain('Assign to me');
    expect(queue.text).not.toContain('/assign');
    expect((await reader.get(`/staff/cases/${reference}`)).text).not.toContain('/assign');
    expect((await reader.get(`/staff/cases/${reference}/assign`)).status).toBe(403);
    const res = await reader.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'me', from: users.colleague.id },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(res.status).toBe(403);
    expect((await caseRow()).assigned_to).toBe(users.colleague.id);
    expect(await assignments()).toHaveLength(2);
  });

  it('unassigns: the officer who has the case gives it back, a team manager takes it off anyone, others cannot', async () => {
    const unassignments = () =>
      app.kit.db('audit_events').where({ entity_id: caseId, event: 'UNASSIGNED' }).orderBy('id');
    const unassignButton = `Unassign<span class="govuk-visually-hidden"> case ${reference}</span>`;
    // Held by Cal Colleague: Test assessor (another assessor) sees no Unassign button and is refused.
    const other = await signedIn(app, users.assessor.email);
    expect((await other.get(`/staff/cases/${reference}`)).text).not.toContain(unassignButton);
    const refused = await other.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'none', from: users.colleague.id },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(refused.status).toBe(403);
    // Claiming to have seen it as theirs changes nothing either: the service checks who really has it.
    const pretend = await other.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'none', from: users.assessor.id },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(pretend.status).toBe(409);
    expect((await caseRow()).assigned_to).toBe(users.colleague.id);

    // Cal gives it back.
    const holder = await signedIn(app, users.colleague.email);
    expect((await holder.get(`/staff/cases/${reference}`)).text).toContain(unassignButton);
    const back = await holder.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'none', from: users.colleague.id },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(back.status).toBe(303);
    expect((await caseRow()).assigned_to).toBeNull();
    const [first] = await unassignments();
    expect(first).toMatchObject({
      actor_id: users.colleague.id,
      from_state: 'submitted',
      to_state: 'submitted',
    });
    expect(JSON.parse(first.detail)).toEqual({ assignedTo: null, assignedBy: users.colleague.id });
    expect((await holder.get(`/staff/cases/${reference}`)).text).toContain(
      'Assigned to: <strong>no one</strong>',
    );

    // A team manager takes a case off whoever has it.
    await other.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'me', from: '' },
      { fromPage: `/staff/cases/${reference}` },
    );
    const manager = await signedIn(app, users.manager.email);
    expect((await manager.get(`/staff/cases/${reference}`)).text).toContain(unassignButton);
    const off = await manager.submit(
      `/staff/cases/${reference}/assign`,
      { assignee: 'none', from: users.assessor.id },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(off.status).toBe(303);
    expect((await caseRow()).assigned_to).toBeNull();
    expect(await unassignments()).toHaveLength(2);
  });
});
