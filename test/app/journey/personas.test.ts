import type { KitApp } from '../../../app/app';
import { PERSONAS } from '../../../workflows/application/personas';
import { Browser, buildTestApp } from '../../helpers/test-app';
import { pageUrl, sendApplication, walkPersona } from '../../helpers/journey';

/**
 * Every route of the application, one persona per route and nation at least, walked through HTTP page
 * by page (the statechart must send each answer to the persona's next page), and the case each creates.
 */
describe.each(PERSONAS.map((persona) => [persona.name, persona] as const))('%s', (_name, persona) => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp({ nation: persona.nation });
  });
  afterAll(() => app.kit.close());

  if (!persona.expected) {
    it('ends on the "not eligible" page, which explains why, and sends nothing', async () => {
      const browser = new Browser(app);
      const last = await walkPersona(browser, persona);
      expect(last).toBe(pageUrl('notEligible'));
      const page = await browser.get(last);
      expect(page.status).toBe(200);
      expect(page.text).toContain('not eligible');
      expect((await browser.get(pageUrl('checkAnswers'))).status).toBe(303);
      expect(await app.kit.db('cases').count({ n: '*' }).first()).toMatchObject({ n: expect.anything() });
      expect(Number((await app.kit.db('cases').count({ n: '*' }).first())!.n)).toBe(0);
    });
    return;
  }

  it('sends the application and creates a case with the right eligibility route', async () => {
    const expected = persona.expected!;
    const reference = await sendApplication(new Browser(app), persona);
    const row = await app.kit.db('cases').where({ reference }).first();
    expect(row).toMatchObject({
      state: 'submitted',
      eligibility_outcome: expected.outcome,
      eligibility_code: expected.code,
      channel: 'ONLINE',
      application_type: expected.applicationType ?? 'NEW',
      party: expected.code === 'ORG' ? 'ORG' : 'PERSON',
    });
    expect(Boolean(row.fast_track)).toBe(expected.fastTrack ?? false);
    const context = JSON.parse(row.snapshot).context;
    expect(context.eligibility.routes.map((route: { code: string }) => route.code)).toContain(expected.code);
  });
});
