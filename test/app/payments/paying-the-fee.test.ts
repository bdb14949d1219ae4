import type { KitApp } from '../../../app/app';
import { govukPay } from '../../../app/payments/govuk-pay';
import { reconcilePayments } from '../../../app/payments/reconcile';
import { inYears, PERSONAS, type Persona } from '../../../workflows/application/personas';
import type { CaseContext } from '../../../workflows/case/machine';
import type { Nation } from '../../../workflows/rules/types';
import { pageUrl, walkPersona } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp, signedIn } from '../../helpers/test-app';
import { startPayStandIn, type PayStandIn } from '../../helpers/pay-stand-in';
import { dateBoxes } from '../../helpers/forms';

/** Paying the fee after the declaration (workflows/journey/fee.ts, app/payments/), through HTTP. */
const sendsACase = (nation: Nation) => PERSONAS.find((p) => p.nation === nation && p.expected !== undefined)!;
const ENGLAND = sendsACase('england');
const WALES = sendsACase('wales');
/** An organisation asking for `badges` badges (one per vehicle). */
const organisationAsking = (badges: number): Persona => {
  const persona = PERSONAS.find((p) => p.expected?.code === 'ORG')!;
  return {
    ...persona,
    steps: persona.steps.map((step) =>
      step.state === 'badgeCount' ? { ...step, answers: { numberOfBadges: String(badges) } } : step,
    ),
  };
};

/** A council's settings with a fee; `nation` overrides the test app's own (England). */
const feeSettings = (
  nation: Nation,
  amountPence: number,
  onlinePayment: boolean,
  replacementAmountPence?: number,
  organisationAmountPence?: number,
) => ({
  nation,
  council: {
    council: {
      name: 'Test Council',
      nation,
      contactEmail: 'blue.badge@test.example',
      contactPhone: '0300 000 0000',
    },
    fee: {
      amountPence,
      onlinePayment,
      ...(replacementAmountPence === undefined ? {} : { replacementAmountPence }),
      ...(organisationAmountPence === undefined ? {} : { organisationAmountPence }),
    },
  },
});

/** Walks a persona to the declaration and accepts it; returns where the service went. */
async function declare(browser: Browser, persona: Persona): Promise<string> {
  expect(await walkPersona(browser, persona)).toBe(pageUrl('checkAnswers'));
  await browser.submit(pageUrl('checkAnswers'));
  const declared = await browser.submit(pageUrl('declaration'), { confirm: 'yes' });
  expect(declared.status).toBe(303);
  return declared.headers.location;
}

/** Reports a lost badge up to and including the declaration; returns where the service went. */
async function replaceLostBadge(browser: Browser, base: string): Promise<string> {
  await browser.submit(`${base}/badge-number`, { badgeNumber: 'AB12CD' });
  await browser.submit(`${base}/what-happened`, { reason: 'LOST' });
  await browser.submit(`${base}/expiry-date`, dateBoxes('expiryDate', inYears(2)));
  await browser.submit(`${base}/name`, { fullName: 'Margaret Jones' });
  await browser.submit(`${base}/date-of-birth`, dateBoxes('dateOfBirth', '1948-05-17'));
  await browser.submit(`${base}/address`, {
    addressLine1: '12 High Street',
    town: 'Demo Town',
    postcode: 'SW1A 1AA',
  });
  await browser.submit(`${base}/contact-details`, { phone: '01632 960 001' });
  await browser.submit(`${base}/check-your-answers`);
  return (await browser.submit(`${base}/declaration`, { confirm: 'yes' })).headers.location;
}

async function applicationRow(app: KitApp) {
  const row = await app.kit.db('applications').orderBy('created_at', 'desc').first();
  return { row, context: JSON.parse(row.snapshot).context };
}

async function caseContext(app: KitApp, reference: string): Promise<CaseContext> {
  const row = await app.kit.db('cases').where({ reference }).first();
  return JSON.parse(row.snapshot).context as CaseContext;
}

describe('paying the fee online with GOV.UK Pay', () => {
  let pay: PayStandIn;
  let app: KitApp;
  beforeEach(async () => {
    pay = await startPayStandIn();
    app = await buildTestApp({
      ...feeSettings('england', 1000, true),
      payApiKey: pay.apiKey,
      payBaseUrl: pay.url,
    });
  });
  afterEach(async () => {
    await app.kit.close();
    await pay.close();
  });

  /** Chooses to pay now; returns the payment the stand-in was asked for and where the kit sent the browser. */
  async function payNow(browser: Browser, from = '/apply/fee') {
    const res = await browser.submit(from, { howToPay: 'online' });
    expect(res.status).toBe(303);
    return { payment: pay.received.at(-1), location: res.headers.location as string };
  }

  it('asks for the fee after the declaration, sends the person to GOV.UK Pay, and sends the application once it is paid', async () => {
    const browser = new Browser(app);
    expect(await declare(browser, ENGLAND)).toBe('/apply/fee');
    const feePage = await browser.get('/apply/fee');
    expect(feePage.status).toBe(200);
    expect(feePage.text).toContain('The fee is £10.');
    expect(feePage.text).toContain('Pay now online by card');
    expect(feePage.text).toContain('blue.badge@test.example');

    // No choice: the error summary and the inline message.
    const none = await browser.submit('/apply/fee', {});
    expect(none.status).toBe(400);
    expect(none.text).toContain('govuk-error-summary');
    expect(none.text).toContain('Select how you want to pay the fee');

    const { payment, location } = await payNow(browser);
    const { row } = await applicationRow(app);
    expect(payment).toMatchObject({
      authorization: `Bearer ${pay.apiKey}`,
      amount: 1000,
      reference: row.reference,
      language: 'en',
    });
    // Back to the paying page itself: no payment id, no status, nothing to trust in the address.
    expect(payment!.returnUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/apply\/payment$/);
    expect(location).toBe(`${pay.url}/secure/${payment!.paymentId}`);
    expect(await app.kit.db('payments').where({ application_id: row.id })).toEqual([
      expect.objectContaining({
        provider: 'govuk-pay',
        provider_payment_id: payment!.paymentId,
        amount_pence: 1000,
        status: 'created',
      }),
    ]);
    expect(row.submitted_at).toBeNull();

    pay.finish(payment!.paymentId, 'success');
    const back = await browser.get('/apply/payment');
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/apply/application-sent');
    expect(pay.statusChecks).toEqual([payment!.paymentId]);

    const sent = await browser.get('/apply/application-sent');
    expect(sent.text).toContain('You have paid the fee of £10.');
    const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(sent.text)![0];
    const fee = (await caseContext(app, reference)).fee;
    expect(fee).toEqual({
      amountPence: 1000,
      status: 'paid',
      paymentReference: payment!.paymentId,
      paidAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const [attempt] = await app.kit.db('payments').where({ application_id: row.id });
    expect(attempt).toMatchObject({ status: 'success', finished_at: expect.any(String) });
    const audit = await app.kit.db('audit_events').where({ entity_id: row.id }).orderBy('id');
    expect(audit.map((a) => a.event)).toEqual(
      expect.arrayContaining(['PAYMENT_STARTED', 'PAYMENT_SUCCEEDED']),
    );

    // Staff see it on the case.
    await addStaff(app, 'assessor');
    const staff = await signedIn(app, 'assessor@test.gov.uk');
    const casePage = await staff.get(`/staff/cases/${reference}`);
    expect(casePage.text).toContain('Paid online');
    expect(casePage.text).toContain(payment!.paymentId);
  });

  it('after a failed payment offers to try again, and a second try that succeeds sends the application', async () => {
    const browser = new Browser(app);
    await declare(browser, ENGLAND);
    const first = (await payNow(browser)).payment!;
    pay.finish(first.paymentId, 'failed');
    expect((await browser.get('/apply/payment')).headers.location).toBe('/apply/payment-not-completed');
    const notCompleted = await browser.get('/apply/payment-not-completed');
    expect(notCompleted.text).toContain('Your payment was declined or could not be taken');
    expect(notCompleted.text).toContain('Try paying again');
    // The answers are all still there: check your answers can still be seen.
    const { context } = await applicationRow(app);
    expect(context.answers.declaration).toEqual({ confirm: 'yes' });
    expect(context.paymentProblem).toBe('failed');

    const second = (await payNow(browser, '/apply/payment-not-completed')).payment!;
    expect(second.paymentId).not.toBe(first.paymentId);
    pay.finish(second.paymentId, 'success');
    expect((await browser.get('/apply/payment')).headers.location).toBe('/apply/application-sent');
    const { row } = await applicationRow(app);
    const attempts = await app.kit.db('payments').where({ application_id: row.id }).orderBy('created_at');
    expect(attempts.map((a) => [a.provider_payment_id, a.status]).sort()).toEqual(
      [
        [first.paymentId, 'failed'],
        [second.paymentId, 'success'],
      ].sort(),
    );
    const reference = row.reference as string;
    expect((await caseContext(app, reference)).fee).toMatchObject({
      status: 'paid',
      paymentReference: second.paymentId,
    });
  });

  it('after a cancelled payment lets the person pay later, and the case says the fee is to be paid', async () => {
    const browser = new Browser(app);
    await declare(browser, ENGLAND);
    const payment = (await payNow(browser)).payment!;
    pay.finish(payment.paymentId, 'cancelled-by-user');
    await browser.get('/apply/payment');
    const page = await browser.get('/apply/payment-not-completed');
    expect(page.text).toContain('You cancelled the payment');
    const later = await browser.submit('/apply/payment-not-completed', { howToPay: 'later' });
    expect(later.headers.location).toBe('/apply/application-sent');
    expect((await browser.get(later.headers.location)).text).toContain(
      'You still need to pay the fee of £10.',
    );
    const { row } = await applicationRow(app);
    expect((await caseContext(app, row.reference)).fee).toEqual({ amountPence: 1000, status: 'pay-later' });
    const [attempt] = await app.kit.db('payments').where({ application_id: row.id });
    expect(attempt.status).toBe('cancelled');
  });

  it('when GOV.UK Pay is down says so clearly and keeps the application, which can then be paid', async () => {
    const browser = new Browser(app);
    await declare(browser, ENGLAND);
    pay.mode = 'error';
    const { location } = await payNow(browser);
    expect(location).toBe('/apply/payment-not-completed');
    const page = await browser.get(location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('The payment service is not working at the moment');
    const { row, context } = await applicationRow(app);
    expect(row.state).toBe('paymentNotCompleted');
    expect(context.answers.fullName).toBeDefined();
    expect(await app.kit.db('payments').where({ application_id: row.id })).toEqual([]);

    // Back up, and the status check fails on return: a clear page, nothing changed, check again later.
    pay.mode = 'normal';
    const payment = (await payNow(browser, '/apply/payment-not-completed')).payment!;
    pay.finish(payment.paymentId, 'success');
    pay.mode = 'error';
    const cannotCheck = await browser.get('/apply/payment');
    expect(cannotCheck.status).toBe(503);
    expect(cannotCheck.text).toContain('Sorry, we cannot check your payment at the moment');
    expect(cannotCheck.text).toContain('href="/apply/payment"');
    expect((await applicationRow(app)).row.state).toBe('paying');
    pay.mode = 'normal';
    expect((await browser.get('/apply/payment')).headers.location).toBe('/apply/application-sent');
  });

  it('treats a slow GOV.UK Pay as down, without losing the application', async () => {
    await app.kit.close();
    app = await buildTestApp({
      ...feeSettings('england', 1000, true),
      payments: govukPay({ apiKey: pay.apiKey, baseUrl: pay.url, timeoutMs: 200 }),
    });
    const browser = new Browser(app);
    await declare(browser, ENGLAND);
    pay.mode = 'slow';
    pay.slowMs = 1000;
    expect((await payNow(browser)).location).toBe('/apply/payment-not-completed');
    expect((await applicationRow(app)).row.state).toBe('paymentNotCompleted');
  });

  it('never trusts the return address: a forged status or payment id in it changes nothing', async () => {
    const browser = new Browser(app);
    await declare(browser, ENGLAND);
    const payment = (await payNow(browser)).payment!;
    const other = await new Browser(app).agent.get('/apply/payment?status=success');
    expect(other.status).toBe(303);
    // Not paid yet, whatever the address says: the provider's answer is that it is unfinished.
    const forged = await browser.get(`/apply/payment?status=success&payment_id=${payment.paymentId}`);
    expect(forged.headers.location).toBe('/apply/payment-not-completed');
    expect(pay.cancelled).toEqual([payment.paymentId]);
    const { row } = await applicationRow(app);
    expect(row.submitted_at).toBeNull();
    expect(await app.kit.db('cases').where({ application_id: row.id })).toEqual([]);
    const page = await browser.get('/apply/payment-not-completed');
    expect(page.text).toContain('You left the payment page before you finished');
  });

  it('does not let the answers change while a payment is in progress', async () => {
    const browser = new Browser(app);
    await declare(browser, ENGLAND);
    await payNow(browser);
    const change = await browser.get('/apply/name');
    expect(change.status).toBe(303);
    expect(change.headers.location).toBe('/apply/payment');
  });

  it('sends a paid application whose applicant never came back, once GOV.UK Pay says it is paid', async () => {
    const browser = new Browser(app);
    await declare(browser, ENGLAND);
    const paid = (await payNow(browser)).payment!;
    const reconcile = (minutes: number) =>
      reconcilePayments({
        db: app.kit.db,
        store: app.kit.store,
        payments: govukPay({ apiKey: pay.apiKey, baseUrl: pay.url }),
        now: new Date(Date.now() + minutes * 60_000),
        logError: (error) => {
          throw error;
        },
      });
    // Too recent to ask about; then still being paid: left alone, not cancelled.
    expect(await reconcile(1)).toBe(0);
    expect(pay.statusChecks).toEqual([]);
    expect(await reconcile(20)).toBe(0);
    expect(pay.cancelled).toEqual([]);
    pay.finish(paid.paymentId, 'success');
    expect(await reconcile(20)).toBe(1);
    const { row } = await applicationRow(app);
    expect(row.state).toBe('submitted');
    expect((await caseContext(app, row.reference)).fee).toMatchObject({
      status: 'paid',
      paymentReference: paid.paymentId,
    });
    const audit = await app.kit
      .db('audit_events')
      .where({ entity_id: row.id, event: 'PAYMENT_SUCCEEDED' })
      .first();
    expect(audit).toMatchObject({ actor_type: 'system', actor_name: 'payment check' });
    // Nothing left to do, and the person coming back sees their confirmation.
    expect(await reconcile(20)).toBe(0);
    expect((await browser.get('/apply/payment')).headers.location).toBe('/apply/application-sent');
  });

  it('asks for the fee in Welsh, and tells GOV.UK Pay to speak Welsh', async () => {
    const browser = new Browser(app);
    await browser.get('/apply?lang=cy');
    await declare(browser, ENGLAND);
    const page = await browser.get('/apply/fee');
    expect(page.text).toContain('<html lang="cy"');
    expect(page.text).toContain('Y ffi yw £10.');
    expect(page.text).not.toMatch(/journey:[a-zA-Z]+\./);
    const { payment } = await payNow(browser);
    expect(payment).toMatchObject({ language: 'cy', description: 'Ffi Bathodyn Glas' });
  });
});

describe('the fee without online payment', () => {
  let app: KitApp;
  afterEach(() => app.kit.close());

  it('offers only to pay later or pay the council directly, with the council’s contact details', async () => {
    app = await buildTestApp({ ...feeSettings('scotland', 2000, false) });
    const persona = sendsACase('scotland');
    const browser = new Browser(app);
    expect(await declare(browser, persona)).toBe('/apply/fee');
    const page = await browser.get('/apply/fee');
    expect(page.text).toContain('The fee is £20.');
    expect(page.text).not.toContain('Pay now online');
    expect(page.text).toContain('0300 000 0000');
    const sent = await browser.submit('/apply/fee');
    expect(sent.headers.location).toBe('/apply/application-sent');
    const { row } = await applicationRow(app);
    expect((await caseContext(app, row.reference)).fee).toEqual({ amountPence: 2000, status: 'pay-later' });
  });

  it('shows no fee page at all in Wales, and the case records that no fee was due', async () => {
    app = await buildTestApp({ ...feeSettings('wales', 0, false) });
    const browser = new Browser(app);
    expect(await declare(browser, WALES)).toBe('/apply/application-sent');
    expect((await browser.get('/apply/application-sent')).text).not.toContain('the fee');
    expect((await browser.get('/apply/fee')).headers.location).toBe('/apply/application-sent');
    const { row } = await applicationRow(app);
    expect((await caseContext(app, row.reference)).fee).toEqual({ amountPence: 0, status: 'not-required' });
    // A replacement is free too unless the council sets its own fee for one.
    await browser.submit('/replace/start', {}, { fromPage: '/replace' });
    expect(await replaceLostBadge(browser, '/replace')).toBe('/replace/request-sent');
  });

  it('lets a Welsh council charge for a replacement while a badge stays free [W3]', async () => {
    app = await buildTestApp({ ...feeSettings('wales', 0, false, 1000) });
    const browser = new Browser(app);
    expect(await declare(browser, WALES)).toBe('/apply/application-sent');
    const { row } = await applicationRow(app);
    expect((await caseContext(app, row.reference)).fee).toEqual({ amountPence: 0, status: 'not-required' });

    await browser.submit('/replace/start', {}, { fromPage: '/replace' });
    expect(await replaceLostBadge(browser, '/replace')).toBe('/replace/fee');
    const page = await browser.get('/replace/fee');
    expect(page.text).toContain('The fee is £10.');
    expect(page.text).not.toContain('Pay now online');
    expect((await browser.submit('/replace/fee')).headers.location).toBe('/replace/request-sent');
    const replacement = await app.kit.db('cases').where({ application_type: 'REPLACE' }).first();
    expect(JSON.parse(replacement.snapshot).context.fee).toEqual({ amountPence: 1000, status: 'pay-later' });
  });

  it('lets a Welsh council charge an organisation for each badge while a person’s badge stays free [W3]', async () => {
    app = await buildTestApp({ ...feeSettings('wales', 0, false, undefined, 1000) });
    expect(await declare(new Browser(app), WALES)).toBe('/apply/application-sent');

    const browser = new Browser(app);
    expect(await declare(browser, organisationAsking(3))).toBe('/apply/fee');
    const page = await browser.get('/apply/fee');
    expect(page.text).toContain('The fee is £30.');
    expect(page.text).toContain('That is £10 for each of the 3 badges you asked for.');
    expect((await browser.get('/apply/fee?lang=cy')).text).toContain(
      'Mae hynny’n £10 am bob un o’r 3 bathodyn y gwnaethoch ofyn amdanynt.',
    );
    expect((await browser.submit('/apply/fee')).headers.location).toBe('/apply/application-sent');
    const { row } = await applicationRow(app);
    expect((await caseContext(app, row.reference)).fee).toEqual({ amountPence: 3000, status: 'pay-later' });
  });

  it('charges an organisation the badge fee for each badge where the council sets no fee of its own for them', async () => {
    app = await buildTestApp({ ...feeSettings('england', 1000, false) });
    const browser = new Browser(app);
    expect(await declare(browser, organisationAsking(2))).toBe('/apply/fee');
    expect((await browser.get('/apply/fee')).text).toContain('The fee is £20.');
    // One badge: the fee alone, with no sum to explain.
    const single = new Browser(app);
    expect(await declare(single, organisationAsking(1))).toBe('/apply/fee');
    const page = await single.get('/apply/fee');
    expect(page.text).toContain('The fee is £10.');
    expect(page.text).not.toContain('for each of');
  });

  it('charges a replacement its own fee where the council sets one, and the badge fee where it does not', async () => {
    app = await buildTestApp({ ...feeSettings('england', 1000, false, 500) });
    const browser = new Browser(app);
    await browser.submit('/replace/start', {}, { fromPage: '/replace' });
    expect(await replaceLostBadge(browser, '/replace')).toBe('/replace/fee');
    expect((await browser.get('/replace/fee')).text).toContain('The fee is £5.');
    expect(await declare(new Browser(app), ENGLAND)).toBe('/apply/fee');
  });
});

describe('the fee for a replacement badge, and for one an officer keys', () => {
  let pay: PayStandIn;
  let app: KitApp;
  beforeAll(async () => {
    pay = await startPayStandIn();
    app = await buildTestApp({
      ...feeSettings('england', 1000, true),
      payApiKey: pay.apiKey,
      payBaseUrl: pay.url,
    });
  });
  afterAll(async () => {
    await app.kit.close();
    await pay.close();
  });

  it('asks a resident replacing a badge for the fee and records it paid on the REPLACE case', async () => {
    const browser = new Browser(app);
    await browser.submit('/replace/start', {}, { fromPage: '/replace' });
    expect(await replaceLostBadge(browser, '/replace')).toBe('/replace/fee');
    const chose = await browser.submit('/replace/fee', { howToPay: 'online' });
    const payment = pay.received.at(-1)!;
    expect(chose.headers.location).toBe(`${pay.url}/secure/${payment.paymentId}`);
    expect(payment.returnUrl).toMatch(/\/replace\/payment$/);
    pay.finish(payment.paymentId, 'success');
    expect((await browser.get('/replace/payment')).headers.location).toBe('/replace/request-sent');
    const caseRow = await app.kit.db('cases').where({ reference: payment.reference }).first();
    expect(caseRow.application_type).toBe('REPLACE');
    expect(JSON.parse(caseRow.snapshot).context.fee).toMatchObject({
      status: 'paid',
      paymentReference: payment.paymentId,
    });
  });

  it('offers an officer keying a request only "pay the council directly", never the online payment', async () => {
    await addStaff(app, 'assessor');
    const officer = await signedIn(app, 'assessor@test.gov.uk');
    const base = '/staff/applications/replace';
    await officer.submit('/staff/applications/new', { journey: 'replacement', channel: 'PHONE' });
    const before = pay.received.length;
    expect(await replaceLostBadge(officer, base)).toBe(`${base}/fee`);
    const page = await officer.get(`${base}/fee`);
    expect(page.text).toContain('The fee is £10.');
    expect(page.text).not.toContain('Pay now online');
    // A forged "pay online" answer is not taken either.
    expect((await officer.submit(`${base}/fee`, { howToPay: 'online' })).headers.location).toBe(
      `${base}/request-sent`,
    );
    expect(pay.received.length).toBe(before);
    const row = await app.kit.db('applications').whereNotNull('keyed_by').first();
    const caseRow = await app.kit.db('cases').where({ application_id: row.id }).first();
    expect(JSON.parse(caseRow.snapshot).context.fee).toEqual({ amountPence: 1000, status: 'pay-later' });
  });
});
