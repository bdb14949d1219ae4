import type { Page } from 'playwright-core';
import { BADGE_NUMBER_PATTERN } from '../../../workflows/badge/badge-number';
import { andWaitForPage } from './browser';
import { expectAt } from './citizen';
import type { PageChecks } from './checks';

/** An officer at work in the back office (English only), every page checked. */
export class Officer {
  constructor(
    private readonly page: Page,
    private readonly checks: PageChecks,
    private readonly baseUrl: string,
  ) {
    checks.language = 'en';
  }

  private button(name: string) {
    // govukButton: a <button>, or a link styled as one with role="button".
    return this.page.getByRole('button', { name, exact: true });
  }

  private press(name: string) {
    return andWaitForPage(this.page, () => this.button(name).click());
  }

  /** Signs in; with `errors` (the default), first empty and then with a wrong password. */
  async signIn(email: string, password: string, options: { errors?: boolean } = {}) {
    const { page, checks } = this;
    await page.goto(`${this.baseUrl}/staff/sign-in`);
    await checks.check(page, 'sign-in');
    if (options.errors ?? true) {
      await this.press('Sign in');
      await checks.check(page, 'sign-in-error', { errorSummary: true });
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('not-the-password');
      await this.press('Sign in');
      await checks.check(page, 'sign-in-wrong-password', { errorSummary: true });
    }
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await this.press('Sign in');
    await expectAt(page, '/staff/cases');
    await checks.check(page, 'cases');
  }

  async openCase(reference: string, label = 'case') {
    const { page } = this;
    await andWaitForPage(page, () => page.getByRole('link', { name: reference, exact: true }).click());
    await expectAt(page, `/staff/cases/${reference}`);
    await this.checks.check(page, label);
  }

  async startAssessment(reference: string) {
    const { page, checks } = this;
    await this.press('Start assessment');
    await expectAt(page, `/staff/cases/${reference}/start-assessment`);
    await checks.check(page, 'start-assessment');
    await this.press('Start assessment');
    await expectAt(page, `/staff/cases/${reference}`);
    await checks.check(page, 'case-assessing');
    await this.expectStatus('Checking evidence');
  }

  /** Accepts every evidence item (an automatic route), which makes the case ready for a decision. */
  async checkEvidence(reference: string) {
    const { page, checks } = this;
    await this.press('Check evidence');
    await expectAt(page, `/staff/cases/${reference}/check-evidence`);
    await checks.check(page, 'check-evidence');
    for (const item of ['Proof of identity', 'Proof of address', 'Photo', 'Proof of benefit or eligibility'])
      await page
        .getByRole('group', { name: item, exact: true })
        .getByLabel('Accepted', { exact: true })
        .check();
    await this.press('Save evidence checks');
    await expectAt(page, `/staff/cases/${reference}`);
    await checks.check(page, 'case-ready-for-decision');
    await this.expectStatus('Ready for decision');
  }

  /** Approves with the dates the form is prefilled with, and returns the badge number the case shows. */
  async approve(reference: string): Promise<string> {
    const { page, checks } = this;
    await this.press('Approve');
    await expectAt(page, `/staff/cases/${reference}/approve`);
    await checks.check(page, 'approve');
    for (const name of ['startDate', 'expiryDate'])
      for (const part of ['day', 'month', 'year']) {
        const value = await page.locator(`[name="${name}-${part}"]`).inputValue();
        if (!/^\d+$/.test(value)) throw new Error(`The approval form's ${name}-${part} is not prefilled`);
      }
    // The error state: without a start date.
    const startDay = page.locator('[name="startDate-day"]');
    const day = await startDay.inputValue();
    await startDay.fill('');
    await this.press('Approve and order badge');
    await checks.check(page, 'approve-error', { errorSummary: true });
    await startDay.fill(day);
    await this.press('Approve and order badge');
    await expectAt(page, `/staff/cases/${reference}`);
    await checks.check(page, 'case-approved');
    await this.expectStatus('Approved – badge ordered');
    const badgeNumber = (await this.summaryValue('Badge number')).trim();
    if (!BADGE_NUMBER_PATTERN.test(badgeNumber))
      throw new Error(`The case shows badge number "${badgeNumber}", not one in the national format`);
    return badgeNumber;
  }

  async refuse(reference: string, reason: string) {
    const { page, checks } = this;
    await this.press('Refuse');
    await expectAt(page, `/staff/cases/${reference}/refuse`);
    await checks.check(page, 'refuse');
    await this.press('Refuse application');
    await checks.check(page, 'refuse-error', { errorSummary: true });
    await page.getByLabel('Not eligible under the routes applied for').check();
    await page.getByLabel('Reason for refusal', { exact: true }).fill(reason);
    await this.press('Refuse application');
    await expectAt(page, `/staff/cases/${reference}`);
    await checks.check(page, 'case-refused');
    await this.expectStatus('Refused');
    if ((await this.summaryValue('Reason')).trim() !== reason)
      throw new Error(`The refused case does not show the reason "${reason}"`);
  }

  async backToCases() {
    await andWaitForPage(this.page, () =>
      this.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Cases' }).click(),
    );
    await expectAt(this.page, '/staff/cases');
  }

  private async summaryValue(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row', {
      has: this.page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }),
    });
    return row.locator('.govuk-summary-list__value').first().innerText();
  }

  private async expectStatus(words: string) {
    const tags = await this.page.locator('#main-content .govuk-tag').allInnerTexts();
    if (!tags.some((tag) => tag.trim() === words))
      throw new Error(`The case's status is not "${words}" (tags: ${tags.join(', ')})`);
  }
}
