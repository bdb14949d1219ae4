import type { KitApp } from '../../../app/app';
import { PERSONAS } from '../../../workflows/application/personas';
import { ROLE_PERMISSIONS, ROLES } from '../../../workflows/permissions';
import { fixtureFile, sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

const margaret = PERSONAS.find((persona) => persona.name.startsWith('England: PIP, 12 points'))!;

describe('evidence on the staff case page', () => {
  let app: KitApp;
  let reference: string;
  let applicant: Browser;
  beforeAll(async () => {
    app = await buildTestApp();
    applicant = new Browser(app);
    reference = await sendApplication(applicant, margaret);
    for (const role of ROLES) await addStaff(app, role);
  });
  afterAll(() => app.kit.close());

  const evidenceOf = async (section: string) =>
    (await app.kit.db('evidence').where({ section }).first()) as { id: string; original_name: string };
  const officer = async (role: (typeof ROLES)[number]) => {
    const browser = new Browser(app);
    await browser.signIn('', `${role}@test.gov.uk`);
    return browser;
  };

  it('lists each section of evidence, with a thumbnail of the photo and links to view and download', async () => {
    const photo = await evidenceOf('PHOTO');
    const proof = await evidenceOf('PROOF_ID');
    const page = await (await officer('assessor')).get(`/staff/cases/${reference}`);
    expect(page.status).toBe(200);
    const caseUrl = `/staff/cases/${reference}`;
    for (const heading of [
      'Evidence',
      'Photo',
      'Proof of identity',
      'Proof of address',
      'Benefit award letter',
    ]) {
      expect(page.text).toContain(heading);
    }
    expect(page.text).toContain(`src="${caseUrl}/evidence/${photo.id}/thumbnail"`);
    expect(page.text).toContain(`href="${caseUrl}/evidence/${proof.id}"`);
    expect(page.text).toContain(`href="${caseUrl}/evidence/${proof.id}?download=1"`);
    expect(page.text).toContain('320 × 400 pixels');
    expect(page.text).toMatch(/PDF, 1 KB/);
  });

  it.each(ROLES)('lets %s staff open the files inline, or download them', async (role) => {
    const browser = await officer(role);
    const proof = await evidenceOf('PROOF_ID');
    const url = `/staff/cases/${reference}/evidence/${proof.id}`;
    const inline = await browser.agent.get(url).buffer(true);
    expect(inline.status).toBe(200);
    expect(inline.headers['content-type']).toBe('application/pdf');
    expect(inline.headers['content-disposition']).toBe(
      `inline; filename="letter.pdf"; filename*=UTF-8''letter.pdf`,
    );
    expect(inline.headers['x-content-type-options']).toBe('nosniff');
    expect(inline.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(Buffer.compare(inline.body, fixtureFile('letter.pdf').content)).toBe(0);
    const download = await browser.agent.get(`${url}?download=1`);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="letter.pdf"/);
    const photo = await evidenceOf('PHOTO');
    const thumbnail = await browser.agent.get(`/staff/cases/${reference}/evidence/${photo.id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/png');
  });

  it('shows nothing to someone not signed in as staff, including the applicant', async () => {
    const proof = await evidenceOf('PROOF_ID');
    const url = `/staff/cases/${reference}/evidence/${proof.id}`;
    for (const browser of [new Browser(app), applicant]) {
      const res = await browser.get(url);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/staff/sign-in');
    }
  });

  it('refuses staff whose role may not see evidence, and leaves the evidence off their case page', async () => {
    const replaced = jest.replaceProperty(ROLE_PERMISSIONS, 'read-only', ['case:view']);
    try {
      const browser = await officer('read-only');
      const proof = await evidenceOf('PROOF_ID');
      expect((await browser.get(`/staff/cases/${reference}/evidence/${proof.id}`)).status).toBe(403);
      const page = await browser.get(`/staff/cases/${reference}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('id="evidence"');
    } finally {
      replaced.restore();
    }
  });

  it('finds a file only under its own case', async () => {
    const other = await sendApplication(new Browser(app), margaret);
    const proof = await evidenceOf('PROOF_ID'); // the first application's
    const browser = await officer('assessor');
    expect((await browser.get(`/staff/cases/${other}/evidence/${proof.id}`)).status).toBe(404);
    expect((await browser.get(`/staff/cases/${reference}/evidence/not-an-id`)).status).toBe(404);
  });
});
