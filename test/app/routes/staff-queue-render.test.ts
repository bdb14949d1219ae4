import { randomUUID } from 'node:crypto';
import express from 'express';
import type { KitApp } from '../../../app/app';
import { createTranslations } from '../../../app/i18n';
import { newReference } from '../../../app/services/references';
import { createStaffUser } from '../../../app/services/staff';
import { setUpNunjucks } from '../../../app/views/nunjucks';
import { PERSONAS } from '../../../workflows/application/personas';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp, STAFF_PASSWORD, signedIn } from '../../helpers/test-app';

/**
 * The queue page renders each row's status tag and "Assign to me" form from work done once per page (one
 * govukButton call with each row's reference put in, one CSRF field, one tag per status): the markup must be
 * what the per-row macros (caseStateTag, assignToMe) give for that row, row by row.
 */

const PIP = PERSONAS.find((persona) => persona.name.startsWith('England: PIP, 12 points'));
if (!PIP) throw new Error('No PIP persona');

/** Whitespace between and inside tags does not change the page. */
const normalised = (html: string) =>
  html.replace(/\s+/g, ' ').replace(/>\s+</g, '><').replace(/\s+>/g, '>').trim();

const attribute = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';

describe('the queue page renders per-row markup once per page, identically', () => {
  let app: KitApp;
  let officer: Browser;
  const states = new Map<string, string>();
  const env = setUpNunjucks(express(), {
    production: true,
    mountPath: '',
    translations: createTranslations(),
  });

  beforeAll(async () => {
    app = await buildTestApp();
    const manager = await addStaff(app, 'team-manager');
    const colleague = await createStaffUser(app.kit.db, {
      councilId: app.kit.councilId,
      email: 'colleague@test.gov.uk',
      name: 'Cal <Colleague> & "Co"',
      role: 'assessor',
      password: STAFF_PASSWORD,
    });
    const reference = await sendApplication(new Browser(app), PIP);
    states.set(reference, 'submitted');
    const template = (await app.kit.db('cases').where({ reference }).first()) as Record<string, unknown>;
    // Copies in several states, some held by a colleague (a team manager may take them: the form says who
    // held it), some by the officer (no button), some by no one.
    const copyStates = [
      'submitted',
      'assessing.checkingEvidence',
      'deciding',
      'awaitingInformation',
      'made-up',
    ];
    const rows = Array.from({ length: 11 }, (_, i) => {
      const copy = {
        ...template,
        id: randomUUID(),
        reference: newReference(),
        state: copyStates[i % copyStates.length],
        assigned_to: i % 3 === 1 ? colleague.id : i % 3 === 2 ? manager.id : null,
      };
      states.set(copy.reference, copy.state);
      return copy;
    });
    await app.kit.db('cases').insert(rows);
    officer = await signedIn(app, manager.email);
  });
  afterAll(() => app.kit.close());

  it('gives every row the status tag and "Assign to me" form the per-row macros give', async () => {
    const res = await officer.get('/staff/cases');
    expect(res.status).toBe(200);
    const csrfToken = attribute(res.text, '_csrf');
    expect(csrfToken).not.toBe('');
    const rows = res.text.split('<tr class="govuk-table__row">').slice(2);
    expect(rows).toHaveLength(12);
    let forms = 0;
    for (const row of rows) {
      const reference = /href="\/staff\/cases\/(BB-[A-Z0-9-]+)"/.exec(row)?.[1] ?? '';
      const state = states.get(reference);
      expect(state).toBeDefined();
      const cells = row.split('<td class="govuk-table__cell">');
      const tag = env.renderString(
        '{% from "partials/case-state.njk" import caseStateTag %}{{ caseStateTag(state) }}',
        { state },
      );
      expect(normalised(cells[4].replace(/<\/td>[\s\S]*$/, ''))).toBe(normalised(tag));

      const form = /<form method="post"[\s\S]*?<\/form>/.exec(cells[6])?.[0];
      if (!form) continue;
      forms++;
      const expected = env.renderString(
        '{% from "partials/assign-to-me.njk" import assignToMe with context %}' +
          '{{ assignToMe(assignment, reference, "govuk-!-margin-top-2 govuk-!-margin-bottom-0") }}',
        {
          csrfToken,
          lang: 'en',
          reference,
          assignment: {
            action: `/staff/cases/${reference}/assign`,
            assignedTo: attribute(form, 'from') || null,
            returnTo: attribute(form, 'returnTo'),
          },
        },
      );
      expect(normalised(form)).toBe(normalised(expected));
    }
    // A team manager's own cases (3 of 12) have no button; the colleague's and the unassigned ones do.
    expect(forms).toBe(9);
  });
});
