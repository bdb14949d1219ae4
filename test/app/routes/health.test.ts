import request from 'supertest';
import type { KitApp } from '../../../app/app';
import { MIGRATION_CONFIG } from '../../../app/db/migrate';
import { migrations } from '../../../migrations';
import { buildTestApp } from '../../helpers/test-app';

describe('/health (liveness) and /ready (readiness)', () => {
  let app: KitApp;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(async () => {
    await app.kit.close().catch(() => undefined);
  });

  it('answers both when the database is up and every migration has run', async () => {
    const health = await request(app).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', database: { status: 'ok', migrations: 'current' } });
  });

  it('is not ready while a migration the code knows about has not run', async () => {
    const [lastName] = migrations[migrations.length - 1];
    await app.kit.db(MIGRATION_CONFIG.tableName!).where({ name: lastName }).delete();
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'error', database: { status: 'ok', migrations: 'pending' } });
    // Still alive: an orchestrator must not restart the process for it.
    expect((await request(app).get('/health')).status).toBe(200);
  });

  it('is not ready when the database cannot be reached, but stays alive', async () => {
    // Nothing else may be using the database it takes away: the job runner's first poll, say.
    await app.kit.jobs.stop();
    await app.kit.db.destroy();
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'error', database: { status: 'unreachable' } });
    const health = await request(app).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });
});
