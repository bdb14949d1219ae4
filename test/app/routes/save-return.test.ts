import type { KitApp } from '../../../app/app';
import { PERSONAS } from '../../../workflows/application/personas';
import { fixtureFile, formBody, pageUrl, walkTo } from '../../helpers/journey';
import { applicationPages } from '../../../workflows/application/pages';
import { countRows } from '../../helpers/database';
import {
  receivedFrom,
  startNotifyStandIn,
  throughStandIn,
  type NotifyStandIn,
} from '../../helpers/notify-stand-in';
import { addStaff, Browser, buildTestApp, signedIn } from '../../helpers/test-app';

/** "Save and come back later", returning with the emailed link or code, and the session timeout (issue #5). */
const margaret = PERSONAS.find((persona) => persona.name.startsWith('England: PIP, 12 points'))!;
const nonVisible = PERSONAS.find((persona) => persona.name === 'England: non-visible condition')!;
/** A persona's answers to one question page, or its items for one list page. */
function answersOf(persona: (typeof PERSONAS)[number], state: string): Record<string, string> {
  const step = persona.steps.find((candidate) => candidate.state === state);
  if (!step || !('answers' in step)) throw new Error(`${persona.name} answers no question ${state}`);
  return step.answers;
}
function itemsOf(persona: (typeof PERSONAS)[number], state: string): Array<Record<string, string>> {
  const step = persona.steps.find((candidate) => candidate.state === state);
  if (!step || !('items' in step)) throw new Error(`${persona.name} has no list ${state}`);
  return step.items;
}
const DAY_MS = 24 * 60 * 60 * 1000;

interface SavedEmail {
  recipient: string;
  language: string;
  reference: string;
  personalisation: {
    reference: string;
    council_name: string;
    link: string;
    code: string;
    expiry_date: string;
  };
}

/** The error summary's messages, as plain text. */
const errorSummary = (html: string) =>
  (/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('save and come back later', () => {
  let app: KitApp;
  let now: Date;
  // The emails go to a GOV.UK Notify stand-in: the outbox keeps no link or code to read them from.
  let notify: NotifyStandIn;
  beforeAll(async () => {
    notify = await startNotifyStandIn();
  });
  afterAll(() => notify.close());
  beforeEach(async () => {
    now = new Date();
    notify.received.length = 0;
    app = await buildTestApp({ clock: () => now, ...throughStandIn(notify) });
  });
  afterEach(() => app.kit.close());

  /** The save-and-return emails Notify was given, newest last. */
  async function savedEmails(): Promise<SavedEmail[]> {
    await app.kit.notifications.idle();
    return receivedFrom(notify, 'saveAndReturn').map((email) => ({
      recipient: email.emailAddress,
      language: email.language,
      reference: email.reference!,
      personalisation: email.personalisation as unknown as SavedEmail['personalisation'],
    }));
  }
  const linkPath = (email: SavedEmail) => {
    const url = new URL(email.personalisation.link);
    return `${url.pathname}${url.search}`;
  };

  /** Presses "Save and come back later" on a page, then gives the email address; returns the email sent. */
  async function saveFrom(
    browser: Browser,
    url: string,
    fields: Record<string, string>,
    email = 'ann@example.com',
  ) {
    const pressed = await browser.submit(url, { ...fields, action: 'save' });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.location).toBe('/apply/save');
    const sent = await browser.submit('/apply/save', { email });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe('/apply/saved');
    const emails = await savedEmails();
    return emails[emails.length - 1];
  }

  /** A new browser (another day, another device) following the emailed link and pressing its button. */
  async function returnWithLink(email: SavedEmail) {
    const browser = new Browser(app);
    const page = await browser.get(linkPath(email));
    expect(page.status).toBe(200);
    const used = await browser.submit(
      '/return/link',
      { token: new URL(email.personalisation.link).searchParams.get('token')! },
      { fromPage: linkPath(email) },
    );
    return { browser, used };
  }

  async function returnWithCode(email: string, code: string, browser = new Browser(app)) {
    const used = await browser.submit('/return', { email, code });
    return { browser, used };
  }

  it('offers the button on question pages and keeps their valid answers; the email has a link and a code that restore the page', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    const url = pageUrl('fullName');
    const page = await browser.get(url);
    expect(page.text).toContain('Save and come back later');
    expect(page.text).toMatch(/<button[^>]*value="save"[^>]*>\s*Save and come back later/);

    const answers = formBody(applicationPages.fullName.fields, answersOf(margaret, 'fullName')) as Record<
      string,
      string
    >;
    const email = await saveFrom(browser, url, answers);
    expect(email.recipient).toBe('ann@example.com');
    expect(email.language).toBe('en');
    const application = await app.kit.db('applications').first('reference', 'updated_at');
    expect(email.reference).toBe(application.reference);
    expect(email.personalisation.reference).toBe(application.reference);
    expect(email.personalisation.council_name).toBe('Test Council');
    expect(email.personalisation.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(email.personalisation.link).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/return\/link\?token=[A-Za-z0-9_-]{43}$/,
    );
    // The date told is the day the draft retention job would delete it: its last change plus 28 days.
    const expiry = new Date(new Date(application.updated_at).getTime() + 28 * DAY_MS);
    expect(email.personalisation.expiry_date).toBe(
      expiry.toLocaleDateString('en-GB', {
        timeZone: 'Europe/London',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }),
    );
    const confirmation = await browser.get('/apply/saved');
    expect(confirmation.text).toContain('Your application has been saved');
    expect(confirmation.text).toContain('We have sent an email to ann@example.com');
    expect(confirmation.text).toContain(email.personalisation.expiry_date);
    // Nothing but hashes is stored.
    const stored = JSON.stringify(await app.kit.db('saved_applications').select());
    expect(stored).not.toContain(new URL(email.personalisation.link).searchParams.get('token'));
    expect(stored).not.toContain(email.personalisation.code.replace('-', ''));
    expect(stored).not.toContain('ann@example.com');

    const { browser: later, used } = await returnWithLink(email);
    expect(used.status).toBe(303);
    expect(used.headers.location).toBe(url);
    const restored = await later.get(url);
    expect(restored.status).toBe(200);
    for (const value of Object.values(answers)) expect(restored.text).toContain(`value="${value}"`);
  });

  it('saves nothing from a question page whose answers are not valid, and still saves the journey', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    const before = await app.kit.db('applications').first('snapshot', 'revision');
    const email = await saveFrom(browser, pageUrl('fullName'), {});
    const after = await app.kit.db('applications').first('snapshot', 'revision');
    expect(after).toEqual(before);
    const { browser: later, used } = await returnWithCode('ann@example.com', email.personalisation.code);
    expect(used.headers.location).toBe(pageUrl('fullName'));
    expect((await later.get(pageUrl('fullName'))).status).toBe(200);
  });

  it('saves from a list page; the code restores the list with its items', async () => {
    const browser = new Browser(app);
    await walkTo(browser, nonVisible, 'professionals');
    const url = pageUrl('professionals');
    const item = itemsOf(nonVisible, 'professionals')[0];
    await browser.submit(url, { addAnother: 'yes' });
    await browser.submit(
      `${url}/add`,
      formBody(applicationPages.professionals.itemFields!, item) as Record<string, string>,
    );
    const list = await browser.get(url);
    expect(list.text).toContain('Save and come back later');
    const email = await saveFrom(browser, url, {});

    // Typed as people do: lower case, with a space.
    const code = email.personalisation.code.toLowerCase().replace('-', ' ');
    const { browser: later, used } = await returnWithCode('  ANN@example.com ', code);
    expect(used.status).toBe(303);
    expect(used.headers.location).toBe(url);
    const restored = await later.get(url);
    expect(restored.status).toBe(200);
    expect(restored.text).toContain(Object.values(item)[0]);
  });

  it('saves from an upload page, keeping a file chosen; returning lists the file and it can be opened', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'photo');
    const url = pageUrl('photo');
    expect((await browser.get(url)).text).toContain('Save and come back later');
    const pressed = await browser.upload(url, fixtureFile('photo.jpg'), { action: 'save' });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.location).toBe('/apply/save');
    const page = await browser.get('/apply/save');
    expect(page.text).toContain(`value="${answersOf(margaret, 'contact').email}"`);
    await browser.submit('/apply/save', { email: answersOf(margaret, 'contact').email });
    const [email] = await savedEmails();

    const { browser: later, used } = await returnWithLink(email);
    expect(used.headers.location).toBe(url);
    const restored = await later.get(url);
    expect(restored.text).toContain('photo.jpg');
    const fileUrl = /"(\/apply\/evidence\/[^"/]+)/.exec(restored.text)![1];
    const file = await later.agent.get(fileUrl);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
  });

  it('a bad file chosen does not stop saving, and is not kept', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'photo');
    const pressed = await browser.upload(pageUrl('photo'), fixtureFile('program.jpg', 'image/jpeg'), {
      action: 'save',
    });
    expect(pressed.headers.location).toBe('/apply/save');
    expect(await countRows(app.kit.db, 'evidence', {})).toBe(0);
  });

  it('a link and a code work once; a later save replaces the earlier email', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    const first = await saveFrom(browser, pageUrl('fullName'), {});
    const second = await saveFrom(browser, pageUrl('fullName'), {});
    // The first email's link no longer works: only the newest does.
    const replaced = await new Browser(app).get(linkPath(first));
    expect(replaced.status).toBe(410);
    expect(replaced.text).toContain('This link has already been used');

    expect((await returnWithLink(second)).used.status).toBe(303);
    const again = await new Browser(app).get(linkPath(second));
    expect(again.status).toBe(410);
    expect(again.text).toContain('This link has already been used');
    const token = new URL(second.personalisation.link).searchParams.get('token')!;
    const reused = await new Browser(app).submit('/return/link', { token }, { fromPage: '/return' });
    expect(reused.status).toBe(410);

    const third = await saveFrom(browser, pageUrl('fullName'), {});
    expect((await returnWithCode('ann@example.com', third.personalisation.code)).used.status).toBe(303);
    const secondUse = await returnWithCode('ann@example.com', third.personalisation.code);
    expect(secondUse.used.status).toBe(400);
    expect(errorSummary(secondUse.used.text)).toContain('The email address or code is not right');
  });

  it('the old browser is no longer needed: returning starts a new session bound to the application', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    const email = await saveFrom(browser, pageUrl('fullName'), {});
    const stranger = new Browser(app);
    const cookieBefore = (await stranger.get('/return')).headers['set-cookie']?.[0]?.split(';')[0];
    const { used } = await returnWithCode('ann@example.com', email.personalisation.code, stranger);
    const cookieAfter = used.headers['set-cookie']?.[0]?.split(';')[0];
    expect(cookieAfter).toBeDefined();
    expect(cookieAfter).not.toBe(cookieBefore);
    const page = await stranger.get(pageUrl('fullName'));
    expect(page.status).toBe(200);
  });

  it('refuses an expired saved application, saying so plainly for the link', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    const email = await saveFrom(browser, pageUrl('fullName'), {});
    now = new Date(now.getTime() + 28 * DAY_MS + 60_000);
    const link = await new Browser(app).get(linkPath(email));
    expect(link.status).toBe(410);
    expect(link.text).toContain('Your saved application has expired');
    expect(link.text).toContain('28 days after it was last changed');
    const code = await returnWithCode('ann@example.com', email.personalisation.code);
    expect(code.used.status).toBe(400);
    expect(errorSummary(code.used.text)).toContain(
      'The email address or code is not right, or the code has been used or has expired',
    );

    // Once the draft retention job has deleted the draft, the link still says it expired.
    await app.kit.db('applications').delete();
    expect((await new Browser(app).get(linkPath(email))).text).toContain(
      'Your saved application has expired',
    );
  });

  it('gives a wrong code and an unknown email address the same answer', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    const email = await saveFrom(browser, pageUrl('fullName'), {});
    const wrongCode = email.personalisation.code.startsWith('A') ? 'BBBB-BBBB' : 'AAAA-AAAA';
    const withoutToken = (html: string) =>
      html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    const wrong = await returnWithCode('ann@example.com', wrongCode);
    const unknown = await returnWithCode('bob@example.com', wrongCode);
    expect(wrong.used.status).toBe(400);
    expect(unknown.used.status).toBe(400);
    expect(withoutToken(unknown.used.text).replace('bob@example.com', 'ann@example.com')).toBe(
      withoutToken(wrong.used.text),
    );
    expect(wrong.used.text).toContain('govuk-error-message');
  });

  it('limits failed returns per network address and per email address, with a GOV.UK error page', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    const email = await saveFrom(browser, pageUrl('fullName'), {});
    const person = new Browser(app);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await returnWithCode('ann@example.com', 'WRNG-CODE', person)).used.status).toBe(400);
    }
    // The right code, after 5 failures for this address: refused until the window ends.
    const limited = await returnWithCode('ann@example.com', email.personalisation.code, person);
    expect(limited.used.status).toBe(429);
    expect(limited.used.headers['retry-after']).toBeDefined();
    expect(errorSummary(limited.used.text)).toContain(
      'There have been too many attempts to return to a saved application',
    );
    // Other addresses typed from the same network count towards its own limit of 10.
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await returnWithCode(`x${attempt}@example.com`, 'WRNG-CODE', person)).used.status).toBe(400);
    }
    expect((await returnWithCode('y@example.com', 'WRNG-CODE', person)).used.status).toBe(429);
    expect((await new Browser(app).get('/return/link?token=' + 'a'.repeat(43))).status).toBe(429);

    now = new Date(now.getTime() + 15 * 60 * 1000);
    const after = await returnWithCode('ann@example.com', email.personalisation.code, person);
    expect(after.used.status).toBe(303);
  });

  it('saves and returns in Welsh', async () => {
    const browser = new Browser(app);
    await browser.get('/apply?lang=cy');
    await walkTo(browser, margaret, 'fullName');
    const page = await browser.get(pageUrl('fullName'));
    expect(page.text).toContain('Cadw a dod yn ôl yn nes ymlaen');
    const email = await saveFrom(browser, pageUrl('fullName'), {});
    expect(email.language).toBe('cy');
    expect(email.personalisation.link).toMatch(/&lang=cy$/);
    expect(email.personalisation.expiry_date).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect((await browser.get('/apply/saved')).text).toContain('Mae eich cais wedi&#39;i gadw');

    // A browser that has never seen Welsh: the code returns it in the language it was saved in.
    const { browser: later, used } = await returnWithCode('ann@example.com', email.personalisation.code);
    expect(used.status).toBe(303);
    const restored = await later.get(used.headers.location);
    expect(restored.text).toContain('<html lang="cy"');
  });

  it('refuses a link that was never issued, with a page that says so', async () => {
    const bad = await new Browser(app).get('/return/link?token=not-a-token');
    expect(bad.status).toBe(404);
    expect(bad.text).toContain('This link does not work');
    const forged = await new Browser(app).submit(
      '/return/link',
      { token: 'b'.repeat(43) },
      { fromPage: '/return' },
    );
    expect(forged.status).toBe(404);
  });

  it('asks for a valid email address before saving, and says what is wrong', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    await browser.submit(pageUrl('fullName'), { action: 'save' });
    const empty = await browser.submit('/apply/save', { email: '' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text)).toContain('Enter your email address');
    const bad = await browser.submit('/apply/save', { email: 'not an email' });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.text)).toContain('Enter an email address in the correct format');
    expect(await savedEmails()).toHaveLength(0);
  });

  it('limits how many save emails one application sends', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    for (let save = 0; save < 5; save++) await saveFrom(browser, pageUrl('fullName'), {});
    await browser.submit(pageUrl('fullName'), { action: 'save' });
    const refused = await browser.submit('/apply/save', { email: 'ann@example.com' });
    expect(refused.status).toBe(429);
    expect(errorSummary(refused.text)).toContain('We have sent too many emails for this application');
    expect(await savedEmails()).toHaveLength(5);
  });

  it('shows staff reading the outbox that the email was sent, but not its link or code', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'fullName');
    const email = await saveFrom(browser, pageUrl('fullName'), {});
    const assessor = await addStaff(app, 'assessor');
    const outbox = await (await signedIn(app, assessor.email)).get('/staff/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.text).toContain('Save and return link');
    expect(outbox.text).toContain('ann@example.com');
    expect(outbox.text).toContain(email.personalisation.expiry_date);
    expect(outbox.text).not.toContain(email.personalisation.code);
    expect(outbox.text).not.toContain(new URL(email.personalisation.link).searchParams.get('token'));
  });

  it('opened directly, the save page saves the page the journey is at', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'dateOfBirth');
    await browser.submit('/apply/save', { email: 'ann@example.com' });
    const [email] = await savedEmails();
    const { used } = await returnWithCode('ann@example.com', email.personalisation.code);
    expect(used.headers.location).toBe(pageUrl('dateOfBirth'));
  });

  it('links the return page from the start page, and has no save without an application', async () => {
    const start = await new Browser(app).get('/apply');
    expect(start.text).toContain('href="/return"');
    const nobody = await new Browser(app).get('/apply/save');
    expect(nobody.status).toBe(303);
    expect(nobody.headers.location).toBe('/apply');
  });

  it('shows no save button, and no timeout warning, to staff keying an application', async () => {
    const assessor = await addStaff(app, 'assessor');
    const officer = await signedIn(app, assessor.email);
    const started = await officer.submit('/staff/applications/new', {
      journey: 'application',
      channel: 'PAPER',
    });
    const page = await officer.get(started.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Continue');
    expect(page.text).not.toContain('Save and come back later');
    expect(page.text).not.toContain('value="save"');
    expect(page.text).not.toContain('app-timeout-warning');
    const pressed = await officer.submit(started.headers.location, { action: 'save' });
    expect(pressed.headers.location ?? '').not.toContain('/save');
    expect(await app.kit.db('notifications').where({ template: 'save-and-return' })).toHaveLength(0);
  });

  it('also saves the replacement journey', async () => {
    const browser = new Browser(app);
    const started = await browser.submit('/replace/start', {}, { fromPage: '/replace' });
    const url = started.headers.location;
    const page = await browser.get(url);
    expect(page.text).toContain('Save and come back later');
    const pressed = await browser.submit(url, { action: 'save' });
    expect(pressed.headers.location).toBe('/replace/save');
    await browser.submit('/replace/save', { email: 'ann@example.com' });
    const [email] = await savedEmails();
    const { used } = await returnWithLink(email);
    expect(used.headers.location).toBe(url);
  });
});

describe('the session timeout', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.kit.close());

  it('warns on the pages of an application in progress, and the warning names the timeout page in the same language', async () => {
    const browser = new Browser(app);
    await browser.get('/apply?lang=cy');
    await walkTo(browser, margaret, 'dateOfBirth');
    const page = await browser.get(pageUrl('dateOfBirth'));
    expect(page.text).toContain('data-module="app-timeout-warning"');
    expect(page.text).toContain('data-timeout-seconds="3600"');
    expect(page.text).toContain('data-timeout-url="/session-timeout?lang=cy"');
    expect(page.text).toContain('data-keep-alive-url="/session/keep-alive"');
    expect(page.text).toContain('Bydd eich cais yn dod i ben cyn bo hir');
    expect(page.text).toContain('Nid ydych wedi gwneud dim byd ers 55 munud.');
    expect(page.text).toContain('byddwn yn ailosod eich cais ymhen 5 munud');
    // The sentence is made once per language: English after Welsh is still English.
    const english = new Browser(app);
    await walkTo(english, margaret, 'dateOfBirth');
    const englishPage = (await english.get(pageUrl('dateOfBirth'))).text;
    expect(englishPage).toContain('You have not done anything for 55 minutes.');
    expect(englishPage).toContain('we will reset your application in 5 minutes unless you continue');
    expect((await browser.get(pageUrl('dateOfBirth'))).text).toContain('ers 55 munud');
    // No application in this browser: nothing to time out.
    expect((await new Browser(app).get('/apply')).text).not.toContain('app-timeout-warning');
  });

  it('keeps the session alive when asked', async () => {
    const browser = new Browser(app);
    await walkTo(browser, margaret, 'dateOfBirth');
    const sid = () => app.kit.db('sessions').orderBy('expires_at', 'desc').first('expires_at');
    const before = Number((await sid()).expires_at);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const alive = await browser.agent.get('/session/keep-alive');
    expect(alive.status).toBe(204);
    expect(Number((await sid()).expires_at)).toBeGreaterThanOrEqual(before);
  });

  it('without JavaScript, a form sent after the session ended gets the session-ended page in its language', async () => {
    const browser = new Browser(app);
    await browser.get('/apply?lang=cy');
    await walkTo(browser, margaret, 'dateOfBirth');
    const form = await browser.get(pageUrl('dateOfBirth'));
    expect(form.text).toContain('name="_lang" value="cy"');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    await app.kit.db('sessions').delete(); // an hour idle: the session and the language in it are gone
    const late = await browser.agent
      .post(pageUrl('dateOfBirth'))
      .type('form')
      .send({ _csrf: token, _lang: 'cy' });
    expect(late.status).toBe(403);
    expect(late.text).toContain('<html lang="cy"');
    expect(late.text).toContain('href="/return"');
    const english = await new Browser(app).agent
      .post(pageUrl('dateOfBirth'))
      .type('form')
      .send({ _csrf: token });
    expect(english.text).toContain('Your session has ended');
  });

  it('has a timeout page that works without a session and keeps the language', async () => {
    const english = await new Browser(app).get('/session-timeout');
    expect(english.status).toBe(200);
    expect(english.text).toContain('Your application has timed out');
    expect(english.text).toContain('href="/return"');
    const welsh = await new Browser(app).get('/session-timeout?lang=cy');
    expect(welsh.status).toBe(200);
    expect(welsh.text).toContain('<html lang="cy"');
    expect(welsh.text).toContain('Mae eich cais wedi dod i ben');
  });
});
