import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SessionDetailView } from '@syncline/contracts';
import { createSimulator, type Simulator } from '@syncline/simulator';
import { startTcpProxy } from '../test/tcp-proxy';
import { createTestApp, type TestApp } from '../test/test-app';
import { createVehicleTable, finished, localVehicles, remoteVehicles, vehicleIntegration } from '../test/sync-fixture';

const WORKER = resolve(__dirname, '../../dist/worker.js');
const RECORDS = 3000;

/** A real worker process (the built one), killed with SIGKILL or cut off from Redis in the middle of a sync. */
describe('a worker killed mid-sync', () => {
  let app: TestApp;
  let sim: Simulator;
  let token: string;
  const workers: ChildProcess[] = [];

  const startWorker = (env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, ...app.env, SYNC_JOB_LOCK_MS: '2000', LOG_LEVEL: 'silent', ...env },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  };
  const session = async (id: string) =>
    (await app.http().get(`/api/v1/sessions/${id}`).auth(token, { type: 'bearer' }).expect(200))
      .body as SessionDetailView;
  const trigger = async (integrationId: string) =>
    (
      await app
        .http()
        .post('/api/v1/sync/manual')
        .auth(token, { type: 'bearer' })
        .send({ integrationId, entityType: 'vehicle', direction: 'inbound', mode: 'full' })
        .expect(202)
    ).body as { sessionId: string };
  const whenProcessed = async (sessionId: string, count: number) => {
    const deadline = Date.now() + 30_000;
    while ((await session(sessionId)).counters.processed < count) {
      if (Date.now() > deadline) throw new Error('The sync never got going');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    if (!existsSync(WORKER))
      throw new Error(`The built worker is missing (${WORKER}); run pnpm --filter @syncline/api build`);
    // Slow enough responses that the kill lands mid-run.
    sim = await createSimulator({
      port: 0,
      seedCount: RECORDS,
      rateLimitPerSecond: 0,
      collections: ['vehicle'],
      faults: { latencyMs: 40 },
    });
    app = await createTestApp();
    token = await app.tokenFor('admin');
    await createVehicleTable(app.dataSource);
    // Counts every write to each row: an insert is 1, each real update adds one.
    await app.dataSource.query(`ALTER TABLE stock_vehicle ADD writes int NOT NULL DEFAULT 1`);
    await app.dataSource.query(`CREATE FUNCTION count_write() RETURNS trigger AS $$
      BEGIN NEW.writes := OLD.writes + 1; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await app.dataSource.query(
      `CREATE TRIGGER count_writes BEFORE UPDATE ON stock_vehicle FOR EACH ROW EXECUTE FUNCTION count_write()`,
    );
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await app?.close();
    await sim?.close();
  });

  it('is picked up by another worker, which finishes applying every record exactly once', async () => {
    const integration = vehicleIntegration(sim, app.env.DATABASE_URL);
    const remote = { ...integration.remote, pageSize: 100 };
    const { body } = await app
      .http()
      .post('/api/v1/integrations')
      .auth(token, { type: 'bearer' })
      .send({ ...integration, remote })
      .expect(201);

    const first = startWorker();
    const started = await trigger(body.id);
    await whenProcessed(started.sessionId, RECORDS / 4);
    first.kill('SIGKILL');
    const atKill = await session(started.sessionId);
    expect(atKill.status).toBe('running');
    expect(atKill.counters.processed).toBeLessThan(RECORDS);

    startWorker();
    const done = await finished(app, token, started.sessionId, 60_000);
    expect(done).toMatchObject({ status: 'completed', attempt: 2 });
    expect(await localVehicles(app.dataSource)).toEqual(await remoteVehicles(sim));
    const writes: { writes: number; rows: number }[] = await app.dataSource.query(
      `SELECT writes, count(*)::int AS rows FROM stock_vehicle GROUP BY writes`,
    );
    expect(writes).toEqual([{ writes: 1, rows: RECORDS }]);
  }, 120_000);

  it('carries on, or fails clearly, when its Redis connection drops mid-sync; nothing hangs and the next run completes', async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await app.dataSource.query('TRUNCATE stock_vehicle');
    const redis = new URL(app.env.REDIS_URL);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    try {
      const integration = vehicleIntegration(sim, app.env.DATABASE_URL, { key: 'redis-loss', name: 'Redis loss' });
      const { body } = await app
        .http()
        .post('/api/v1/integrations')
        .auth(token, { type: 'bearer' })
        .send({ ...integration, remote: { ...integration.remote, pageSize: 100 } })
        .expect(201);
      startWorker({ REDIS_URL: proxy.url('redis') });
      const started = await trigger(body.id);
      await whenProcessed(started.sessionId, RECORDS / 4);

      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      proxy.restore();

      const ended = await finished(app, token, started.sessionId, 60_000);
      expect(['completed', 'failed']).toContain(ended.status);
      if (ended.status === 'failed') expect(ended.statusReason).toBeTruthy();
      const again = await finished(app, token, (await trigger(body.id)).sessionId, 60_000);
      expect(again.status).toBe('completed');
      expect(await localVehicles(app.dataSource)).toEqual(await remoteVehicles(sim));
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
