import { loadConfig } from '../../app/config';

/** The operations settings (docs/deploying.md): their defaults, and a plain refusal of a bad value. */
describe('operations settings', () => {
  it('have working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      shutdownTimeoutSeconds: 10,
      runJobs: true,
      jobPollSeconds: 5,
      retentionDraftDays: 28,
    });
  });

  it('read each variable', () => {
    const config = loadConfig({
      SHUTDOWN_TIMEOUT_SECONDS: '30',
      RUN_JOBS: 'false',
      JOB_POLL_SECONDS: '60',
      RETENTION_DRAFT_DAYS: '90',
    });
    expect(config).toMatchObject({
      shutdownTimeoutSeconds: 30,
      runJobs: false,
      jobPollSeconds: 60,
      retentionDraftDays: 90,
    });
  });

  it.each([
    [
      'SHUTDOWN_TIMEOUT_SECONDS',
      '0',
      /SHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 300/,
    ],
    ['SHUTDOWN_TIMEOUT_SECONDS', '2.5', /SHUTDOWN_TIMEOUT_SECONDS/],
    ['RUN_JOBS', 'yes', /RUN_JOBS must be true or false/],
    ['JOB_POLL_SECONDS', 'often', /JOB_POLL_SECONDS must be a whole number of seconds from 1 to 3600/],
    ['RETENTION_DRAFT_DAYS', '-1', /RETENTION_DRAFT_DAYS must be a whole number of days from 1 to 3650/],
  ])('refuse %s=%s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
