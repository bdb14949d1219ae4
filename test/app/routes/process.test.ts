import request from 'supertest';
import type { KitApp } from '../../../app/app';
import { processMap, WORKFLOW_KINDS } from '../../../workflows/process-map';
import { addStaff, buildTestApp, mountInHost, signedIn } from '../../helpers/test-app';

jest.setTimeout(60_000);

/** The page's text without tags, for checks that read like what a person sees. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('/process, public by default', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp({ council: { targets: { decisionWeeks: 9, routeWeeks: { TERMILL: 2 } } } });
  });
  afterAll(() => app.kit.close());

  it('lists every workflow with its version, linking to its map', async () => {
    const res = await request(app).get('/process');
    expect(res.status).toBe(200);
    for (const kind of WORKFLOW_KINDS) {
      expect(res.text).toContain(`href="/process/${kind}"`);
    }
    expect(text(res.text)).toContain('How your council handles Blue Badges');
  });

  it('shows a workflow’s diagram as an image with a text alternative, and every state in words', async () => {
    const res = await request(app).get('/process/case');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /<img src="\/process\/case\/diagram.svg" alt="Diagram of the case process[^"]*"/,
    );
    const map = processMap('case');
    for (const state of map.states) {
      expect(res.text).toContain(`id="state-${state.id}"`);
      expect(text(res.text)).toContain(state.description!);
    }
    const page = text(res.text);
    // The council's own target, who acts, and each next step with its guard, permission and target.
    expect(page).toContain('Decide within 9 weeks of the application being sent (TERMILL: 2 weeks)');
    expect(page).toContain('Decision maker and above');
    expect(page).toMatch(
      /APPROVE A decision maker approves.*the start and expiry dates are ones the rules allow.*case:decide/,
    );
    expect(res.text).toContain('href="#state-decided.refused"');
    // Staff states link to the queue of cases in that state, nested steps of the assessment too.
    expect(res.text).toContain('href="/staff/cases?state=deciding"');
    expect(res.text).toContain('href="/staff/cases?state=assessing.checkingEvidence"');
    expect(res.text).toContain('href="/staff/cases?state=assessing.referral.awaitingAppointment"');
  });

  it('links each page of a citizen journey to its screen', async () => {
    const res = await request(app).get('/process/application');
    expect(res.status).toBe(200);
    const first = processMap('application').states[0];
    expect(first.screen!.href).toMatch(/^\/apply\/[a-z-]+$/);
    expect(res.text).toContain(`href="${first.screen!.href}"`);
    expect(text(res.text)).toContain('Back and change links');
  });

  it('serves the diagram as an inert, accessible SVG', async () => {
    const res = await request(app).get('/process/case/diagram.svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const svg = res.body instanceof Buffer ? res.body.toString('utf8') : res.text;
    expect(svg).toMatch(/<svg role="img" aria-labelledby="process-map-title process-map-desc"/);
    expect(svg).toContain('Decide within 9 weeks');
  });

  it('answers an unknown workflow with a 404 page', async () => {
    expect((await request(app).get('/process/nothing')).status).toBe(404);
    expect((await request(app).get('/process/nothing/diagram.svg')).status).toBe(404);
  });

  it('has its words in Welsh', async () => {
    const res = await request(app).get('/process/case?lang=cy');
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('Map proses: case');
    expect(text(res.text)).toContain('Pob cam mewn geiriau');
    expect([...app.kit.translations.missing]).toEqual([]);
  });

  it('works under a mount path', async () => {
    const mounted = await buildTestApp({ mountPath: '/blue-badge' });
    try {
      const res = await request(mountInHost(mounted, '/blue-badge')).get('/blue-badge/process/case');
      expect(res.status).toBe(200);
      expect(res.text).toContain('src="/blue-badge/process/case/diagram.svg"');
      expect(res.text).toContain('href="/blue-badge/staff/cases?state=submitted"');
    } finally {
      await mounted.kit.close();
    }
  });
});

describe('/process links each step to its comments', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
    await addStaff(app, 'read-only');
  });
  afterAll(() => app.kit.close());

  it('gives every state of every map a link an officer can follow to that state’s comments', async () => {
    const officer = await signedIn(app, 'read-only@test.gov.uk');
    for (const kind of WORKFLOW_KINDS) {
      const page = await officer.get(`/process/${kind}`);
      expect(page.text).toContain(`href="/process/${kind}/comments"`);
      const links = [...page.text.matchAll(/href="(\/process\/[a-z-]+\/comments\?state=[^"]+)"/g)].map(
        (match) => match[1].replace(/&amp;/g, '&'),
      );
      expect(links).toHaveLength(processMap(kind).states.length);
      // A sample of each map: the first, a nested and the last state (every link has the same form).
      for (const link of [links[0], links.find((l) => l.includes('.')) ?? links[1], links.at(-1)!]) {
        const comments = await officer.get(link);
        expect([link, comments.status]).toEqual([link, 200]);
        const state = decodeURIComponent(new URL(link, 'http://kit').searchParams.get('state')!);
        expect(text(comments.text)).toContain(state);
      }
    }
  });
});

describe('/process when the council keeps the maps for staff (process.publicMaps false)', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp({ council: { process: { publicMaps: false } } });
    await addStaff(app, 'read-only');
  });
  afterAll(() => app.kit.close());

  it('sends someone signed out to sign in, and shows the maps to any signed-in officer', async () => {
    for (const path of ['/process', '/process/case', '/process/case/diagram.svg']) {
      const res = await request(app).get(path);
      expect([path, res.status, res.headers.location]).toEqual([path, 303, '/staff/sign-in']);
    }
    const officer = await signedIn(app, 'read-only@test.gov.uk');
    expect((await officer.get('/process/case')).status).toBe(200);
    expect((await officer.get('/process/badge/diagram.svg')).status).toBe(200);
  });
});
