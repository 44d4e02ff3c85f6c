import type { MetricSeriesView } from '@syncline/contracts';
import { createTestApp, type TestApp } from '../test/test-app';

describe('metric series over HTTP', () => {
  let sut: TestApp;
  let admin: string;
  let integrationId: string;
  let otherIntegrationId: string;

  const series = (path: string, token = admin) =>
    sut.http().get(`/api/v1/metrics/${path}`).auth(token, { type: 'bearer' });

  beforeAll(async () => {
    sut = await createTestApp();
    admin = await sut.tokenFor('admin');
    integrationId = await sut.csvIntegration('metered');
    otherIntegrationId = await sut.csvIntegration('elsewhere');

    const report = async (target: string, status: string, processed: number) => {
      const session = (
        await sut
          .http()
          .post('/api/v1/sessions')
          .auth(admin, { type: 'bearer' })
          .send({ integrationId: target, entityType: 'vehicle', direction: 'inbound' })
          .expect(201)
      ).body.id;
      await sut
        .http()
        .post(`/api/v1/sessions/${session}/errors`)
        .auth(admin, { type: 'bearer' })
        .send({
          errors: [
            { category: 'rate_limit', message: '429' },
            { category: 'network', message: 'reset' },
          ],
        })
        .expect(201);
      await sut
        .http()
        .post(`/api/v1/sessions/${session}/metrics`)
        .auth(admin, { type: 'bearer' })
        .send({ samples: [10, 20, 30, 40, 1000].map((value) => ({ name: 'api_latency_ms', value })) })
        .expect(201);
      await sut
        .http()
        .patch(`/api/v1/sessions/${session}`)
        .auth(admin, { type: 'bearer' })
        .send({ status, counters: { processed } })
        .expect(200);
    };
    await report(integrationId, 'completed', 120);
    await report(integrationId, 'failed', 30);
    await report(otherIntegrationId, 'completed', 5);
  });

  afterAll(() => sut.close());

  const latest = (view: MetricSeriesView, dimension = '') =>
    view.series.find((s) => s.dimension === dimension)!.points.filter((point) => point.count > 0);

  it('counts finished sessions by status, as they finish', async () => {
    const { body } = await series(`sessions?interval=minute&integrationId=${integrationId}`).expect(200);

    expect(body.interval).toBe('minute');
    expect(body.series.map((s: { dimension: string }) => s.dimension).sort()).toEqual(['completed', 'failed']);
    expect(latest(body, 'completed')).toEqual([expect.objectContaining({ count: 1, sum: 1 })]);
    expect(body.series[0].points.length).toBeGreaterThanOrEqual(12 * 60);
    expect(body.series[0].points.length).toBeLessThanOrEqual(12 * 60 + 1);
  });

  it('sums records across integrations unless one is asked for', async () => {
    const all = (await series('records_processed?interval=day').expect(200)).body;
    const one = (await series(`records_processed?interval=day&integrationId=${integrationId}`).expect(200)).body;

    expect(latest(all)).toEqual([expect.objectContaining({ sum: 155, count: 3 })]);
    expect(latest(one)).toEqual([expect.objectContaining({ sum: 150, count: 2, perMinute: 150 / 1440 })]);
  });

  it('keeps error counts by category and latency percentiles from the histogram', async () => {
    const errors = (await series(`errors?integrationId=${integrationId}&dimension=rate_limit`).expect(200)).body;
    const latency = (await series(`api_latency_ms?integrationId=${integrationId}`).expect(200)).body;

    expect(errors.series.map((s: { dimension: string }) => s.dimension)).toEqual(['rate_limit']);
    expect(latest(errors, 'rate_limit')[0].count).toBe(2);
    const [point] = latest(latency);
    expect(point).toMatchObject({ count: 10, min: 10, max: 1000 });
    expect(point.p50).toBeGreaterThanOrEqual(30);
    expect(point.p50).toBeLessThan(30 * 1.19);
    expect(point.p99).toBe(1000);
  });

  it('answers with at most 1,000 points, choosing a coarser interval when needed', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const { body } = await series(`sessions?interval=minute&from=${from.toISOString()}&to=${to.toISOString()}`).expect(
      200,
    );

    expect(body.interval).toBe('hour');
    expect(body.series[0].points.length).toBeLessThanOrEqual(1000);
  });

  it('rejects unknown metrics and backwards ranges, naming the field', async () => {
    const unknown = await series('nope').expect(400);
    const backwards = await series('sessions?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z').expect(400);
    const badInterval = await series('sessions?interval=week').expect(400);

    expect(unknown.body.details).toEqual([{ field: 'metric', reason: expect.stringContaining('sessions') }]);
    expect(backwards.body.details).toEqual([{ field: 'from', reason: 'must be before to' }]);
    expect(badInterval.body.details[0].field).toBe('interval');
  });

  it('shows an API key limited to one integration only that integration', async () => {
    const { key } = (
      await sut
        .http()
        .post('/api/v1/api-keys')
        .auth(admin, { type: 'bearer' })
        .send({ name: 'metered only', integrationIds: [integrationId] })
        .expect(201)
    ).body;
    const asKey = (path: string) => sut.http().get(`/api/v1/metrics/${path}`).set('X-API-Key', key);

    await asKey(`sessions?integrationId=${otherIntegrationId}`).expect(403);
    const { body } = await asKey('records_processed?interval=day').expect(200);
    expect(latest(body)).toEqual([expect.objectContaining({ sum: 150 })]);
  });
});
