import { describe, expect, it, vi } from 'vitest';
import { SynclineApiError, SynclineClient } from './client';

interface SentRequest {
  method: string;
  url: string;
  body: unknown;
}

/** A client whose fetch records each request and answers `status` with `answer` as JSON (no body for a 204). */
function clientAnswering(answer: unknown = {}, status = 200) {
  const sent: SentRequest[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({
      method: init?.method ?? 'GET',
      url: String(url),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return status === 204 ? new Response(null, { status }) : Response.json(answer, { status });
  });
  const sut = new SynclineClient({ baseUrl: 'http://syncline.test', fetch, retries: 0 });
  return { sut, sent };
}

const ALERT_ID = '7c2a5a57-0d1f-4b43-9b35-35a6f1d4c0de';
const CHANNEL_ID = '0b8a0c8e-3c43-4c55-9a55-1e2f4c1d9a10';

describe('SynclineClient monitoring and alerting', () => {
  it('reads the dashboard, monitoring status and an integration’s health', async () => {
    const { sut, sent } = clientAnswering({ generatedAt: '2026-11-23T10:00:00.000Z' });

    expect(await sut.monitoring.dashboard()).toEqual({ generatedAt: '2026-11-23T10:00:00.000Z' });
    await sut.monitoring.status();
    await sut.integrations.health('int-1');

    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET http://syncline.test/api/v1/dashboard',
      'GET http://syncline.test/api/v1/monitoring/status',
      'GET http://syncline.test/api/v1/integrations/int-1/health',
    ]);
  });

  it('clears the dashboard cache with a DELETE', async () => {
    const { sut, sent } = clientAnswering({ cleared: 3 });

    expect(await sut.monitoring.clearCache()).toEqual({ cleared: 3 });
    expect(sent[0]).toMatchObject({ method: 'DELETE', url: 'http://syncline.test/api/v1/cache' });
  });

  it('asks for a metric series with only the filters given', async () => {
    const { sut, sent } = clientAnswering({ metric: 'sync_duration_ms', series: [] });

    await sut.metrics.series('sync_duration_ms', {
      interval: 'hour',
      from: '2026-11-22T10:00:00.000Z',
      dimension: 'completed',
      integrationId: undefined,
    });

    const url = new URL(sent[0].url);
    expect(url.pathname).toBe('/api/v1/metrics/sync_duration_ms');
    expect(url.search).toBe(
      `?${new URLSearchParams({ interval: 'hour', from: '2026-11-22T10:00:00.000Z', dimension: 'completed' })}`,
    );
  });

  it('lists open alerts and pages through the history with filters', async () => {
    const { sut, sent } = clientAnswering({ items: [], nextCursor: null });

    await sut.alerts.list({ severity: 'critical', limit: 200 });
    await sut.alerts.history({ status: 'resolved', type: 'sync_failure', cursor: 'abc' });

    expect(sent[0].url).toBe('http://syncline.test/api/v1/alerts?severity=critical&limit=200');
    expect(sent[1].url).toBe('http://syncline.test/api/v1/alerts/history?status=resolved&type=sync_failure&cursor=abc');
  });

  it('acknowledges, resolves and suppresses an alert with the note in the body', async () => {
    const { sut, sent } = clientAnswering({ id: ALERT_ID });

    await sut.alerts.acknowledge(ALERT_ID);
    await sut.alerts.resolve(ALERT_ID, { note: 'Fixed the credentials' });
    await sut.alerts.suppress(ALERT_ID, { until: '2026-11-23T12:00:00.000Z', note: 'Maintenance' });

    expect(sent).toEqual([
      { method: 'POST', url: `http://syncline.test/api/v1/alerts/${ALERT_ID}/acknowledge`, body: {} },
      {
        method: 'POST',
        url: `http://syncline.test/api/v1/alerts/${ALERT_ID}/resolve`,
        body: { note: 'Fixed the credentials' },
      },
      {
        method: 'POST',
        url: `http://syncline.test/api/v1/alerts/${ALERT_ID}/suppress`,
        body: { until: '2026-11-23T12:00:00.000Z', note: 'Maintenance' },
      },
    ]);
  });

  it('creates, changes and deletes alert rules', async () => {
    const { sut, sent } = clientAnswering({ id: 'rule-1' });

    await sut.alertRules.list({ integrationId: 'int-1' });
    await sut.alertRules.create({ name: 'Slow syncs', type: 'performance_degradation', params: { factor: 3 } });
    await sut.alertRules.update('rule-1', { enabled: false });

    expect(sent.map(({ method, url, body }) => [method, url.replace('http://syncline.test/api/v1', ''), body])).toEqual(
      [
        ['GET', '/alert-rules?integrationId=int-1', undefined],
        ['POST', '/alert-rules', { name: 'Slow syncs', type: 'performance_degradation', params: { factor: 3 } }],
        ['PATCH', '/alert-rules/rule-1', { enabled: false }],
      ],
    );
  });

  it('resolves a delete with no content to undefined', async () => {
    const { sut, sent } = clientAnswering({}, 204);

    await expect(sut.alertRules.remove('rule-1')).resolves.toBeUndefined();
    expect(sent[0].method).toBe('DELETE');
  });

  it('manages notification channels, tests them and rotates a webhook secret', async () => {
    const { sut, sent } = clientAnswering({ id: CHANNEL_ID });

    await sut.notificationChannels.create({ name: 'In app', config: { type: 'in_app' } });
    await sut.notificationChannels.update(CHANNEL_ID, { enabled: false });
    await sut.notificationChannels.test(CHANNEL_ID);
    await sut.notificationChannels.rotateSecret(CHANNEL_ID);
    await sut.notificationChannels.deliveries(CHANNEL_ID, { limit: 10 });

    expect(sent.map(({ method, url }) => `${method} ${url.replace('http://syncline.test/api/v1', '')}`)).toEqual([
      'POST /notification-channels',
      `PATCH /notification-channels/${CHANNEL_ID}`,
      `POST /notification-channels/${CHANNEL_ID}/test`,
      `POST /notification-channels/${CHANNEL_ID}/rotate-secret`,
      `GET /notification-channels/${CHANNEL_ID}/deliveries?limit=10`,
    ]);
  });

  it('throws the API’s reasons for a rule it refuses, by field', async () => {
    const { sut } = clientAnswering(
      {
        statusCode: 400,
        error: 'validation_failed',
        message: 'Validation failed',
        details: [{ field: 'params.percent', reason: 'must be a number from 0.1 to 100' }],
      },
      400,
    );

    const error = await sut.alertRules
      .create({ name: 'x', type: 'high_error_rate', params: { percent: 300 } })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SynclineApiError);
    expect((error as SynclineApiError).reasonFor('params.percent')).toBe('must be a number from 0.1 to 100');
  });
});

describe('SynclineClient sync errors', () => {
  it('lists errors with only the filters given, and reads the summary and one error', async () => {
    const { sut, sent } = clientAnswering({ items: [], nextCursor: null });

    await sut.errors.list({ status: 'open', category: 'validation', q: 'price', recordKey: undefined, limit: 50 });
    await sut.errors.summary({ integrationId: 'int-1' });
    await sut.errors.get('42');

    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET http://syncline.test/api/v1/errors?status=open&category=validation&q=price&limit=50',
      'GET http://syncline.test/api/v1/errors/summary?integrationId=int-1',
      'GET http://syncline.test/api/v1/errors/42',
    ]);
  });

  it('retries, resolves and ignores an error, the note in the body', async () => {
    const { sut, sent } = clientAnswering({ id: '42' });

    await sut.errors.retry('42');
    await sut.errors.resolve('42', { note: 'fixed upstream' });
    await sut.errors.ignore('42');

    expect(sent).toEqual([
      { method: 'POST', url: 'http://syncline.test/api/v1/errors/42/retry', body: undefined },
      { method: 'POST', url: 'http://syncline.test/api/v1/errors/42/resolve', body: { note: 'fixed upstream' } },
      { method: 'POST', url: 'http://syncline.test/api/v1/errors/42/ignore', body: {} },
    ]);
  });

  it('acts on many errors at once and answers each one’s outcome', async () => {
    const results = [
      { id: '1', ok: true, sessionId: 'ses-1' },
      { id: '2', ok: false, error: { statusCode: 422, message: 'names no record', details: [] } },
    ];
    const { sut, sent } = clientAnswering({ results });

    const answer = await sut.errors.bulk({ ids: ['1', '2'], action: 'retry' });

    expect(answer.results).toEqual(results);
    expect(sent[0]).toEqual({
      method: 'POST',
      url: 'http://syncline.test/api/v1/errors/bulk',
      body: { ids: ['1', '2'], action: 'retry' },
    });
  });

  it('does not repeat a retry whose answer was lost', async () => {
    const fetch = vi.fn(async () => Response.json({ message: 'down' }, { status: 503 }));
    const sut = new SynclineClient({ baseUrl: 'http://syncline.test', fetch, retries: 3, retryDelayMs: 1 });

    await expect(sut.errors.retry('42')).rejects.toMatchObject({ status: 503 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
