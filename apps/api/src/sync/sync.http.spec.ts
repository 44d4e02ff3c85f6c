import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { SessionView, SyncStatusView } from '@syncline/contracts';
import type { Queue } from 'bullmq';
import { createSimulator, type Simulator } from '@syncline/simulator';
import { createTestApp, type TestApp } from '../test/test-app';
import {
  createVehicleTable,
  finished,
  localVehicles,
  remoteVehicles,
  vehicleIntegration,
  VEHICLE_MAPPING,
} from '../test/sync-fixture';
import { SettingsService } from '../settings/settings.service';
import { WorkerModule } from '../worker.module';
import { SyncProcessor } from './sync.processor';
import { SYNC_QUEUE } from './sync.queue';

describe('syncs Syncline runs (API, worker, PostgreSQL table ↔ simulator)', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let sim: Simulator;
  let token: string;
  let integrationId: string;

  const trigger = (body: Record<string, unknown>) =>
    app
      .http()
      .post('/api/v1/sync/manual')
      .auth(token, { type: 'bearer' })
      .send({ integrationId, entityType: 'vehicle', ...body });
  const run = async (body: Record<string, unknown>) => {
    const { body: started } = await trigger(body).expect(202);
    return finished(app, token, (started as { sessionId: string }).sessionId);
  };
  const setFaults = (faults: Record<string, unknown>) =>
    fetch(`${sim.url}/_sim/faults`, {
      method: 'PUT',
      headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
  const setRemotePrice = async (key: string, price: number) => {
    const response = await fetch(`${sim.url}/vehicle/${key}`, { headers: { authorization: 'Bearer sim-token' } });
    const record = (await response.json()) as Record<string, unknown>;
    await fetch(`${sim.url}/vehicle/${key}`, {
      method: 'PUT',
      headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
      body: JSON.stringify({ ...record, price }),
    });
  };
  const patchIntegration = (body: Record<string, unknown>) =>
    app.http().patch(`/api/v1/integrations/${integrationId}`).auth(token, { type: 'bearer' }).send(body).expect(200);

  beforeAll(async () => {
    sim = await createSimulator({ port: 0, seedCount: 300, rateLimitPerSecond: 0, collections: ['vehicle'] });
    app = await createTestApp({ SYNC_JOB_LOCK_MS: '5000' });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    token = await app.tokenFor('admin');
    await createVehicleTable(app.dataSource);
    const { body } = await app
      .http()
      .post('/api/v1/integrations')
      .auth(token, { type: 'bearer' })
      .send(vehicleIntegration(sim, app.env.DATABASE_URL))
      .expect(201);
    integrationId = body.id;
  });

  afterEach(() => patchIntegration({ syncSettings: {} }));

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await sim?.close();
  });

  it('a full inbound sync copies every remote record into the local table', async () => {
    const session = await run({ direction: 'inbound', mode: 'full' });
    expect(session).toMatchObject({ status: 'completed', mode: 'full', trigger: 'manual' });
    expect(session.counters).toMatchObject({ created: 300, failed: 0 });
    expect(Object.keys(session.phaseTimings).sort()).toEqual(['apply', 'compare', 'fetch', 'verify']);
    expect(session.verification).toMatchObject({ localCount: 300, remoteCount: 300, passed: true });
    expect(await localVehicles(app.dataSource)).toEqual(await remoteVehicles(sim));
  });

  it('an incremental bidirectional sync carries changes of both sides and skips the rest', async () => {
    await fetch(`${sim.url}/_sim/mutate`, {
      method: 'POST',
      headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
      body: JSON.stringify({ count: 15, collection: 'vehicle' }),
    });
    await app.dataSource.query(
      `UPDATE stock_vehicle SET price = price + 100, updated_at = now() WHERE id IN (SELECT id FROM stock_vehicle ORDER BY id LIMIT 5)`,
    );
    const session = await run({ direction: 'bidirectional' });
    expect(session.status).toBe('completed');
    expect(session.counters.updated + session.counters.created + session.counters.deleted).toBeGreaterThanOrEqual(20);
    expect(session.counters.processed).toBeLessThan(100);
    expect(await localVehicles(app.dataSource)).toEqual(await remoteVehicles(sim));

    const again = await run({ direction: 'bidirectional' });
    expect(again.counters).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
  });

  it('answers 409 naming the running sync, and cancels it at a batch boundary', async () => {
    await patchIntegration({ syncSettings: { batchSize: 25 } });
    await setFaults({ latencyMs: 300 });
    const { body: first } = await trigger({ direction: 'inbound', mode: 'full' }).expect(202);
    const { body: conflict } = await trigger({ direction: 'inbound' }).expect(409);
    expect(conflict.message).toContain(first.sessionId);
    await app.http().post(`/api/v1/sync/cancel/${first.sessionId}`).auth(token, { type: 'bearer' }).expect(202);
    const cancelled = await finished(app, token, first.sessionId);
    await setFaults({});
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.counters.processed).toBeLessThan(300);
    expect((await run({ direction: 'inbound', mode: 'full' })).status).toBe('completed');
  });

  it('survives injected 5xx answers and timeouts with retries, counting them on the errors', async () => {
    await fetch(`${sim.url}/_sim/mutate`, {
      method: 'POST',
      headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
      body: JSON.stringify({ count: 30, collection: 'vehicle' }),
    });
    await patchIntegration({ syncSettings: { batchSize: 25, retry: { attempts: 5, baseDelayMs: 20 } } });
    await setFaults({ errorRate: 0.3, timeoutRate: 0.05 });
    const session = await run({ direction: 'inbound', mode: 'full' });
    await setFaults({});
    expect(session.status).toBe('completed');
    expect(await localVehicles(app.dataSource)).toEqual(await remoteVehicles(sim));
    const { body: errors } = await app
      .http()
      .get(`/api/v1/sessions/${session.id}/errors`)
      .auth(token, { type: 'bearer' });
    expect(errors.items.length).toBeGreaterThan(0);
    expect(errors.items.every((error: { retryCount: number }) => error.retryCount >= 1)).toBe(true);
  });

  it('never hangs when connections drop mid-run: it carries on or fails clearly, and the next run completes', async () => {
    await patchIntegration({ syncSettings: { batchSize: 25 } });
    await setFaults({ latencyMs: 30, resetRate: 0.1 });
    const { body: started } = await trigger({ direction: 'inbound', mode: 'full' }).expect(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Every other connection to the database, the workers' and the connector's included.
    await app.dataSource.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    const ended = await finished(app, token, started.sessionId);
    await setFaults({});
    expect(['completed', 'failed']).toContain(ended.status);
    if (ended.status === 'failed') expect(ended.statusReason).toBeTruthy();
    expect((await run({ direction: 'inbound', mode: 'full' })).status).toBe('completed');
    expect(await localVehicles(app.dataSource)).toEqual(await remoteVehicles(sim));
  });

  it('isolates malformed records: the session ends partial, and the next run catches up', async () => {
    await fetch(`${sim.url}/_sim/mutate`, {
      method: 'POST',
      headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
      body: JSON.stringify({ count: 40, collection: 'vehicle' }),
    });
    await setFaults({ malformedRate: 0.2 });
    const session = await run({ direction: 'inbound' });
    await setFaults({});
    expect(session.status).toBe('partial');
    expect(session.counters.failed).toBeGreaterThan(0);
    expect(session.counters.updated + session.counters.created).toBeGreaterThan(0);
    const { body: failed } = await app
      .http()
      .get(`/api/v1/sessions/${session.id}/records?action=fail`)
      .auth(token, { type: 'bearer' });
    expect(failed.items.length).toBeGreaterThan(0);

    // Records too malformed to have a key are read again by the next run, which starts from before them;
    // a field of the wrong type that the mapping accepts was applied as sent, and a full run mends it.
    expect((await run({ direction: 'inbound' })).status).toBe('completed');
    const next = await run({ direction: 'inbound', mode: 'full' });
    expect(next.status).toBe('completed');
    expect(await localVehicles(app.dataSource)).toEqual(await remoteVehicles(sim));
  });

  describe('conflicts: both sides changed since the last sync', () => {
    const editBoth = async (key: string, strategy: string) => {
      await app.dataSource.query(`UPDATE stock_vehicle SET colour = $2, updated_at = now() WHERE id = $1`, [
        key,
        `Local ${strategy}`,
      ]);
      const response = await fetch(`${sim.url}/vehicle/${key}`, { headers: { authorization: 'Bearer sim-token' } });
      const record = (await response.json()) as Record<string, unknown>;
      await fetch(`${sim.url}/vehicle/${key}`, {
        method: 'PUT',
        headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
        body: JSON.stringify({ ...record, colour: `Remote ${strategy}` }),
      });
    };
    const colours = async (key: string) => [
      (await localVehicles(app.dataSource)).get(key)?.colour,
      (await remoteVehicles(sim)).get(key)?.colour,
    ];

    it.each([
      ['manual', ['local', 'remote'], 'open'],
      ['local_wins', ['local', 'local'], 'resolved'],
      ['remote_wins', ['remote', 'remote'], 'resolved'],
      // The remote edit is the later one.
      ['newest_wins', ['remote', 'remote'], 'resolved'],
    ])('%s', async (strategy, winners, status) => {
      const expected = winners.map((side) => `${side === 'local' ? 'Local' : 'Remote'} ${strategy}`);
      await run({ direction: 'bidirectional' });
      await patchIntegration({ entities: [{ ...VEHICLE_MAPPING, conflictStrategy: strategy }] });
      const [key] = [...(await localVehicles(app.dataSource)).keys()].sort();
      await editBoth(key, strategy);
      const session = await run({ direction: 'bidirectional' });
      expect(session.counters.conflicts).toBe(1);
      expect(await colours(key)).toEqual(expected);
      const [conflict] = await app.dataSource.query(
        `SELECT * FROM sync_conflicts WHERE session_id = $1 AND record_key = $2`,
        [session.id, key],
      );
      expect(conflict).toMatchObject({
        status,
        strategy,
        local_changed_fields: ['colour'],
        remote_changed_fields: ['colour'],
      });
      expect(conflict.baseline.colour).not.toEqual(conflict.local.colour);
      if (strategy === 'manual') await app.dataSource.query(`UPDATE sync_conflicts SET status = 'resolved'`);
      await patchIntegration({ entities: [VEHICLE_MAPPING] });
      await app.dataSource.query(`UPDATE stock_vehicle SET colour = $2, updated_at = now() WHERE id = $1`, [
        key,
        expected[1],
      ]);
    });
  });

  it('verification finds gaps and integrity violations', async () => {
    await patchIntegration({
      entities: [{ ...VEHICLE_MAPPING, integrity: [{ type: 'pattern', field: 'stock_number', pattern: '^STK\\d+$' }] }],
    });
    const [gap, broken] = [...(await localVehicles(app.dataSource)).keys()].sort().slice(-2);
    await app.dataSource.query(`DELETE FROM stock_vehicle WHERE id = $1`, [gap]);
    await app.dataSource.query(`UPDATE stock_vehicle SET stock_number = 'bad' WHERE id = $1`, [broken]);
    const session = await run({ direction: 'inbound' });
    expect(session.verification).toMatchObject({
      passed: false,
      missingLocally: { count: 1, sample: [gap] },
      integrity: { violations: 1, sample: [{ key: broken, field: 'stock_number' }] },
    });
    await patchIntegration({ syncSettings: { autoResyncGaps: true } });
    const resynced = await run({ direction: 'inbound' });
    expect(resynced.verification).toMatchObject({ missingLocally: { count: 0 }, resynced: 1 });
  });

  it('previews a mapping on sample records, read from the source side or given', async () => {
    const preview = (body: Record<string, unknown>) =>
      app
        .http()
        .post(`/api/v1/integrations/${integrationId}/mappings/preview`)
        .auth(token, { type: 'bearer' })
        .send({ entityType: 'vehicle', ...body });
    const { body: sampled } = await preview({ direction: 'inbound', limit: 3 }).expect(200);
    expect(sampled.items).toHaveLength(3);
    expect(sampled.items[0].after.stock_number).toBe(sampled.items[0].before.stockNumber);
    const { body: edited } = await preview({
      direction: 'inbound',
      records: [{ id: 'x', price: 'abc' }],
      mapping: [{ from: 'price', to: 'price', transforms: [{ type: 'cast', to: 'number' }] }],
    }).expect(200);
    expect(edited.items).toEqual([
      {
        key: 'x',
        before: { id: 'x', price: 'abc' },
        after: {},
        problems: [{ field: 'price', reason: '"abc" is not a number' }],
      },
    ]);
    await preview({ direction: 'inbound', mapping: [{ from: 'price' }] }).expect(400);
  });

  it('validates configuration changes, audits them, and applies them in every process without restart', async () => {
    const { body: current } = await app.http().get('/api/v1/config').auth(token, { type: 'bearer' }).expect(200);
    const { body: invalid } = await app
      .http()
      .put('/api/v1/config')
      .auth(token, { type: 'bearer' })
      .send({ sync: { ...current.sync, batchSize: 0, minIntervalSeconds: 5 } })
      .expect(400);
    expect(invalid.details).toEqual([
      { field: 'sync.batchSize', reason: 'must be >= 1' },
      { field: 'sync.minIntervalSeconds', reason: 'must be >= 60' },
    ]);
    await app
      .http()
      .put('/api/v1/config')
      .auth(token, { type: 'bearer' })
      .send({ sync: { ...current.sync, batchSize: 250, workerConcurrency: 2 } })
      .expect(200);
    const settings = worker.get(SettingsService);
    const deadline = Date.now() + 5000;
    while (settings.sync().batchSize !== 250 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(settings.sync()).toMatchObject({ batchSize: 250, workerConcurrency: 2 });
    expect(worker.get(SyncProcessor).worker.concurrency).toBe(2);
    const { body: audit } = await app.http().get('/api/v1/audit?action=config').auth(token, { type: 'bearer' });
    expect(audit.items[0]).toMatchObject({
      action: 'config.updated',
      details: { changed: ['batchSize', 'workerConcurrency'] },
    });
  });

  it('retries the records the other side refused by itself, after the configured delay', async () => {
    await patchIntegration({ syncSettings: { failedRecordRetryDelayMs: 1500 } });
    const keys = [...(await localVehicles(app.dataSource)).keys()].sort().slice(0, 3);
    for (const key of keys) await setRemotePrice(key, 2_000_000);
    // The local side refuses them for now.
    await app.dataSource.query('ALTER TABLE stock_vehicle ADD CONSTRAINT affordable CHECK (price < 1000000)');
    const partial = await run({ direction: 'inbound' });
    await app.dataSource.query('ALTER TABLE stock_vehicle DROP CONSTRAINT affordable');
    expect(partial).toMatchObject({ status: 'partial', counters: { failed: 3 } });

    const deadline = Date.now() + 15_000;
    let child: SessionView | undefined;
    while (!child && Date.now() < deadline) {
      const { body } = await app.http().get('/api/v1/sessions?trigger=retry').auth(token, { type: 'bearer' });
      child = (body.items as SessionView[]).find((session) => session.parentSessionId === partial.id);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(child).toMatchObject({ trigger: 'retry', triggeredBy: { kind: 'system' }, attempt: 2 });
    expect(await finished(app, token, child!.id)).toMatchObject({ status: 'completed', counters: { updated: 3 } });
    const [local, remote] = [await localVehicles(app.dataSource), await remoteVehicles(sim)];
    expect(keys.map((key) => local.get(key)?.price)).toEqual(keys.map((key) => remote.get(key)?.price));
    expect(keys.map((key) => local.get(key)?.price)).toEqual([2_000_000, 2_000_000, 2_000_000]);
  });

  it('runs a scheduled sync from the job scheduler it keeps for each scheduled entity', async () => {
    const queue = worker.get<Queue>(getQueueToken(SYNC_QUEUE));
    const schedulers = async () => (await queue.getJobSchedulers()).map((scheduler) => scheduler.key);
    await patchIntegration({ schedule: '*/5 * * * *' });
    let deadline = Date.now() + 5000;
    while (!(await schedulers()).includes(`schedule:${integrationId}:vehicle`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await schedulers()).toContain(`schedule:${integrationId}:vehicle`);

    // What the scheduler queues when it fires.
    await queue.add('scheduled', { integrationId, entityType: 'vehicle' });
    deadline = Date.now() + 15_000;
    let scheduled: SessionView | undefined;
    while (!scheduled && Date.now() < deadline) {
      const { body } = await app.http().get('/api/v1/sessions?trigger=scheduled').auth(token, { type: 'bearer' });
      scheduled = body.items[0];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(scheduled).toMatchObject({
      mode: 'incremental',
      direction: 'bidirectional',
      triggeredBy: { kind: 'system', id: null, name: 'Syncline' },
    });
    expect(await finished(app, token, scheduled!.id)).toMatchObject({ status: 'completed' });
    expect(
      await app.dataSource.query(
        `SELECT actor_kind, actor_id, actor_name FROM audit_events WHERE action = 'sync.triggered' AND target_id = $1`,
        [scheduled!.id],
      ),
    ).toEqual([{ actor_kind: 'system', actor_id: null, actor_name: 'Syncline' }]);

    await patchIntegration({ schedule: null });
    deadline = Date.now() + 5000;
    while ((await schedulers()).includes(`schedule:${integrationId}:vehicle`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await schedulers()).not.toContain(`schedule:${integrationId}:vehicle`);
  });

  it('triggers, cancels and retries in bulk, each item on its own', async () => {
    const { body } = await app
      .http()
      .post('/api/v1/sync/bulk')
      .auth(token, { type: 'bearer' })
      .send({
        action: 'trigger',
        syncs: [
          { integrationId, entityType: 'vehicle', direction: 'inbound' },
          { integrationId, entityType: 'vehicle', direction: 'inbound' },
        ],
      })
      .expect(200);
    expect(body.results).toEqual([
      { index: 0, ok: true, sessionId: expect.any(String) },
      { index: 1, ok: false, error: { statusCode: 409, message: expect.stringContaining(body.results[0].sessionId) } },
    ]);
    const first = await finished(app, token, body.results[0].sessionId);
    const { body: retried } = await app
      .http()
      .post('/api/v1/sync/bulk')
      .auth(token, { type: 'bearer' })
      .send({ action: 'retry', sessionIds: [first.id, '00000000-0000-4000-8000-000000000000'] })
      .expect(200);
    expect(retried.results[0]).toMatchObject({ ok: true });
    expect(retried.results[1]).toMatchObject({ ok: false, error: { statusCode: 404 } });
    await finished(app, token, retried.results[0].sessionId);
    await app.http().post('/api/v1/sync/bulk').auth(token, { type: 'bearer' }).send({ action: 'cancel' }).expect(400);
  });

  it('reports status and the queue', async () => {
    const { body } = await app.http().get('/api/v1/sync/status').auth(token, { type: 'bearer' }).expect(200);
    const status = body as SyncStatusView;
    expect(status.active).toEqual([]);
    expect(status.failed.some((session) => session.status === 'partial')).toBe(true);
    await app.http().get('/api/v1/sync/queue').auth(token, { type: 'bearer' }).expect(200, []);
  });

  it('refuses a sync of an entity without a mapping, and mappings that do not validate', async () => {
    const { body } = await patchIntegration({ entityTypes: ['vehicle', 'lead'] });
    expect(body.entityTypes).toEqual(['vehicle', 'lead']);
    const { body: error } = await app
      .http()
      .post('/api/v1/sync/manual')
      .auth(token, { type: 'bearer' })
      .send({ integrationId, entityType: 'lead', direction: 'inbound' })
      .expect(400);
    expect(error.details).toEqual([{ field: 'entityType', reason: expect.stringContaining('no mapping') }]);
    const { body: invalid } = await app
      .http()
      .patch(`/api/v1/integrations/${integrationId}`)
      .auth(token, { type: 'bearer' })
      .send({
        entities: [
          {
            ...VEHICLE_MAPPING,
            toLocal: [{ from: 'year', to: 'year', transforms: [{ type: 'round', decimals: 99 }] }],
          },
        ],
      })
      .expect(400);
    expect(invalid.details).toEqual([{ field: 'entities.0.toLocal.0.transforms.0.decimals', reason: 'must be <= 10' }]);
  });

  it('deleting an integration forgets its baselines, and only its own', async () => {
    await run({ direction: 'inbound', mode: 'full' });
    const { body: other } = await app
      .http()
      .post('/api/v1/integrations')
      .auth(token, { type: 'bearer' })
      .send(vehicleIntegration(sim, app.env.DATABASE_URL, { key: 'dealer-stock-copy', name: 'Copy' }))
      .expect(201);
    const { body: started } = await app
      .http()
      .post('/api/v1/sync/manual')
      .auth(token, { type: 'bearer' })
      .send({ integrationId: other.id, entityType: 'vehicle', direction: 'inbound', mode: 'full' })
      .expect(202);
    await finished(app, token, started.sessionId);
    const baselinesOf = async (id: string) =>
      (
        await app.dataSource.query(`SELECT count(*)::int AS count FROM sync_baselines WHERE integration_id = $1`, [id])
      )[0].count;
    expect(await baselinesOf(other.id)).toBeGreaterThanOrEqual(300);
    const kept = await baselinesOf(integrationId);

    await app.http().delete(`/api/v1/integrations/${other.id}`).auth(token, { type: 'bearer' }).expect(204);

    expect(await baselinesOf(other.id)).toBe(0);
    expect(await baselinesOf(integrationId)).toBe(kept);
    expect(kept).toBeGreaterThanOrEqual(300);
  });
});
