import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DashboardView, EntityStatusView } from '@syncline/contracts';
import { AlertEvaluator } from '../alerting/alert-evaluator';
import { eventually } from '../test/eventually';
import { createTestApp, type TestApp } from '../test/test-app';

describe('dashboard, health, monitoring status and Prometheus', () => {
  let sut: TestApp;
  let admin: string;
  let healthyId: string;
  let brokenId: string;

  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token = admin) =>
    sut.http()[method](`/api/v1${path}`).auth(token, { type: 'bearer' });

  async function report(integrationId: string, status: string, processed: number): Promise<void> {
    const { body } = await api('post', '/sessions')
      .send({ integrationId, entityType: 'vehicle', direction: 'inbound' })
      .expect(201);
    await api('patch', `/sessions/${body.id}`).send({ status, counters: { processed } }).expect(200);
  }

  const card = (view: DashboardView, integrationId: string) =>
    view.entities.find((entity) => entity.integrationId === integrationId) as EntityStatusView;

  beforeAll(async () => {
    sut = await createTestApp();
    admin = await sut.tokenFor('admin');
    healthyId = await sut.csvIntegration('healthy', ['vehicle'], mkdtempSync(join(tmpdir(), 'syncline-health-')));
    brokenId = await sut.csvIntegration('broken');
    await report(healthyId, 'completed', 40);
    await report(healthyId, 'completed', 60);
    await report(brokenId, 'failed', 5);
  });

  afterAll(() => sut.close());

  it('sums rates, cards, trend and quick stats from what was reported', async () => {
    await api('delete', '/cache').expect(200);
    const response = await api('get', '/dashboard').expect(200);
    const view: DashboardView = response.body;

    expect(response.headers['x-cache']).toBe('miss');
    expect(view.overview.rates['24h']).toMatchObject({
      finished: 3,
      byStatus: { completed: 2, failed: 1 },
      successRate: 2 / 3,
      recordsProcessed: 105,
    });
    expect(view.overview.rates['30d'].finished).toBe(3);
    expect(card(view, healthyId)).toMatchObject({
      entityType: 'vehicle',
      health: 'healthy',
      lastSync: { status: 'completed', processed: 60 },
      successRate7d: 1,
      recordsSynced30d: 100,
    });
    expect(card(view, brokenId)).toMatchObject({ health: 'down', lastSync: { status: 'failed' } });
    expect(view.trend).toHaveLength(30);
    expect(view.trend.at(-1)).toMatchObject({ finished: 3, succeeded: 2 });
    expect(view.quickStats.recordsSynced24h).toBe(105);
    expect(view.quickStats.recordsByEntity30d).toEqual([{ entityType: 'vehicle', records: 105 }]);
    expect(view.system.processes.map((load) => load.role)).toContain('api');
  });

  it('serves the dashboard from the cache until an event changes what it shows', async () => {
    await api('get', '/dashboard').expect(200);
    const cached = await api('get', '/dashboard').expect(200);
    expect(cached.headers['x-cache']).toBe('hit');

    await report(healthyId, 'partial', 1);

    const fresh = await eventually(async () => {
      const response = await api('get', '/dashboard').expect(200);
      expect(response.body.overview.rates['24h'].finished).toBe(4);
      return response;
    });
    expect(card(fresh.body, healthyId).health).toBe('degraded');
    await api('delete', '/cache', await sut.tokenFor('viewer')).expect(403);
    expect((await api('delete', '/cache').expect(200)).body.cleared).toBeGreaterThanOrEqual(1);
  });

  it('shows an API key limited to one integration only its cards and numbers', async () => {
    const { key } = (
      await api('post', '/api-keys')
        .send({ name: 'healthy only', integrationIds: [healthyId] })
        .expect(201)
    ).body;

    const { body } = await sut.http().get('/api/v1/dashboard').set('X-API-Key', key).expect(200);

    expect(body.entities.map((entity: EntityStatusView) => entity.integrationId)).toEqual([healthyId]);
    expect(body.overview.rates['24h'].byStatus.failed).toBeUndefined();
  });

  it('reports integration health by id and by key, with the reasons', async () => {
    const healthy = await api('get', `/integrations/${healthyId}/health`).expect(200);
    const broken = await sut
      .http()
      .get('/api/admin/integrations/broken/health')
      .auth(admin, { type: 'bearer' })
      .expect(200);

    expect(healthy.body).toMatchObject({
      integrationKey: 'healthy',
      local: { reachable: true },
      remote: { reachable: true },
      lastSuccessAt: expect.any(String),
      uptime: { '24h': 1, '7d': 1, '30d': 1 },
    });
    expect(healthy.body.status).toBe('healthy');
    expect(broken.body).toMatchObject({ integrationId: brokenId, status: 'down', uptime: { '24h': 0 } });
    expect(broken.body.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^local: /), 'the last sync (vehicle) failed']),
    );
    await sut.http().get('/api/admin/integrations/nope/health').auth(admin, { type: 'bearer' }).expect(404);
    await sut.http().get('/api/admin/integrations/broken/health').expect(401);
  });

  it('reports the monitoring subsystem itself', async () => {
    const before = (await api('get', '/monitoring/status').expect(200)).body;
    expect(before.status).toBe('degraded');
    expect(before.problems).toContain('scheduled alert checks are not running (is a worker up?)');

    await sut.app.get(AlertEvaluator).tick();

    const after = (await api('get', '/monitoring/status').expect(200)).body;
    expect(after.alerting.lastEvaluationAt).toEqual(expect.any(String));
    expect(after.alerting.enabledRules).toBeGreaterThan(0);
    expect(after.rollups.latestMinute).toEqual(expect.any(String));
    expect(after.liveEvents.streamLength).toBeGreaterThan(0);
    expect(after.problems).not.toContain('scheduled alert checks are not running (is a worker up?)');
  });

  it('exposes Syncline’s own series to Prometheus in valid exposition format', async () => {
    const { text } = await sut.http().get('/metrics').expect(200);

    const line =
      /^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf))$/;
    const bad = text.split('\n').filter((row) => row !== '' && !line.test(row));
    expect(bad).toEqual([]);
    expect(text).toContain('syncline_sessions_total{integration="healthy",entity="vehicle",status="completed"} 2');
    expect(text).toContain('syncline_records_processed_total{integration="healthy",entity="vehicle"} 101');
    expect(text).toMatch(/^# TYPE syncline_sync_duration_seconds histogram$/m);
    expect(text).toContain(
      'syncline_sync_duration_seconds_count{integration="broken",entity="vehicle",status="failed"} 1',
    );
    expect(text).toMatch(
      /^syncline_sync_duration_seconds_bucket\{integration="healthy",entity="vehicle",status="completed",le="\+Inf"\} 2$/m,
    );
    expect(text).toMatch(/^syncline_queue_depth\{state="queued"\} 0$/m);
    expect(text).toMatch(/^syncline_alerts_open\{severity="error"\} [1-9]/m);
  });
});
