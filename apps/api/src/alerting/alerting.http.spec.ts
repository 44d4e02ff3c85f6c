import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AlertRuleView, AlertType, AlertView, DomainEvents } from '@syncline/contracts';
import { ALERT_TYPES } from '@syncline/contracts';
import { Clock } from '../core/clock/clock';
import { eventually } from '../test/eventually';
import { createTestApp, type TestApp } from '../test/test-app';
import { AlertEvaluator } from './alert-evaluator';

const MINUTE = 60_000;

describe('alerting', () => {
  let sut: TestApp;
  let admin: string;
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const fired: AlertView[] = [];

  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token = admin) =>
    sut.http()[method](`/api/v1${path}`).auth(token, { type: 'bearer' });

  /** Reports a finished session the way an integration does, over the REST API. */
  async function report(
    integrationId: string,
    status: 'completed' | 'failed' | 'timed_out' | 'partial',
    counters: Record<string, number> = {},
    errors: { category: string; message: string }[] = [],
  ): Promise<string> {
    const { body } = await api('post', '/sessions')
      .send({ integrationId, entityType: 'vehicle', direction: 'inbound' })
      .expect(201);
    if (errors.length > 0) await api('post', `/sessions/${body.id}/errors`).send({ errors }).expect(201);
    await api('patch', `/sessions/${body.id}`).send({ status, counters }).expect(200);
    return body.id;
  }

  const openAlerts = async (integrationId: string, type?: AlertType): Promise<AlertView[]> =>
    (await api('get', `/alerts?integrationId=${integrationId}${type ? `&type=${type}` : ''}`).expect(200)).body.items;

  const alertOf = (integrationId: string, type: AlertType) =>
    eventually(async () => {
      const [alert] = await openAlerts(integrationId, type);
      expect(alert).toBeDefined();
      return alert;
    });

  /** An alert once it is fully opened: notified (or not) and published. */
  const firedAlert = async (integrationId: string, type: AlertType) => {
    const alert = await eventually(async () => {
      const published = fired.filter((f) => f.integrationId === integrationId && f.type === type).at(-1);
      expect(published).toBeDefined();
      return published!;
    });
    return (await api('get', `/alerts/${alert.id}`).expect(200)).body as AlertView;
  };

  beforeAll(async () => {
    sut = await createTestApp({ ALERTS_PER_INTEGRATION_PER_HOUR: '4' }, (builder) =>
      builder.overrideProvider(Clock).useValue(clock),
    );
    admin = await sut.tokenFor('admin');
    sut.app.get(EventEmitter2).on('alert.fired', ({ alert }: DomainEvents['alert.fired']) => fired.push(alert));
  });

  afterAll(() => sut.close());

  afterEach(() => {
    offsetMs = 0;
  });

  it('gives every new integration a built-in rule per alert type, and Syncline one for its resources', async () => {
    const integrationId = await sut.csvIntegration('defaults');

    const rules: AlertRuleView[] = await eventually(async () => {
      const { body } = await api('get', `/alert-rules?integrationId=${integrationId}`).expect(200);
      expect(body).toHaveLength(ALERT_TYPES.length);
      return body;
    });

    expect(rules.map((rule) => rule.type).sort()).toEqual([...ALERT_TYPES].sort());
    expect(rules.find((rule) => rule.type === 'resource_exhaustion')).toMatchObject({ integrationId: null });
    expect(rules.find((rule) => rule.type === 'consecutive_failures')).toMatchObject({
      integrationId,
      severity: 'critical',
      params: { count: 3 },
      builtIn: true,
      enabled: true,
    });
    await sut.app.get(AlertEvaluator).tick();
    expect(await sut.dataSource.query(`SELECT id FROM alerts`)).toEqual([]);
    const builtIn = rules[0];
    const refused = await api('delete', `/alert-rules/${builtIn.id}`).expect(409);
    expect(refused.body.message).toMatch(/disable/);
  });

  it('raises sync_failure for a failed sync, counts repeats on the same alert, and resolves it after a success', async () => {
    const integrationId = await sut.csvIntegration('failing');
    const sessionId = await report(integrationId, 'failed');

    const alert = await firedAlert(integrationId, 'sync_failure');
    expect(alert).toMatchObject({ status: 'firing', severity: 'error', sessionId, count: 1, title: 'Sync failed' });

    await report(integrationId, 'failed');
    await eventually(async () => expect((await alertOf(integrationId, 'sync_failure')).count).toBe(2));
    expect(await openAlerts(integrationId, 'sync_failure')).toHaveLength(1);

    await report(integrationId, 'completed', { processed: 10 });
    await eventually(async () => expect(await openAlerts(integrationId, 'sync_failure')).toEqual([]));
    const { body } = await api('get', `/alerts/${alert.id}`).expect(200);
    expect(body).toMatchObject({ status: 'resolved', resolvedBy: { kind: 'system' } });
    expect(body.resolution).toMatch(/^Condition cleared/);
  });

  it('raises consecutive_failures (critical) at the third failure in a row', async () => {
    const integrationId = await sut.csvIntegration('streak');
    await report(integrationId, 'failed');
    await report(integrationId, 'timed_out');
    await eventually(async () => expect(await openAlerts(integrationId, 'sync_failure')).toHaveLength(1));
    expect(await openAlerts(integrationId, 'consecutive_failures')).toEqual([]);

    await report(integrationId, 'failed');

    const alert = await alertOf(integrationId, 'consecutive_failures');
    expect(alert).toMatchObject({ severity: 'critical', details: { failures: 3, threshold: 3 } });
  });

  it('raises high_error_rate, conflict_spike and the error-count alerts from what sessions report', async () => {
    const integrationId = await sut.csvIntegration('noisy');
    await report(integrationId, 'partial', { processed: 100, failed: 20, conflicts: 12 }, [
      { category: 'auth', message: 'token expired' },
      ...Array.from({ length: 10 }, () => ({ category: 'rate_limit', message: '429' })),
      ...Array.from({ length: 3 }, () => ({ category: 'timeout', message: 'timed out' })),
    ]);

    expect(await alertOf(integrationId, 'high_error_rate')).toMatchObject({
      details: { ratePercent: 20, thresholdPercent: 10 },
    });
    expect(await alertOf(integrationId, 'conflict_spike')).toMatchObject({ details: { count: 12 } });
    expect(await alertOf(integrationId, 'authentication_failure')).toMatchObject({ severity: 'critical' });
    expect(await alertOf(integrationId, 'rate_limit_exceeded')).toMatchObject({ details: { count: 10 } });
    expect(await alertOf(integrationId, 'timeout_threshold')).toMatchObject({ details: { count: 3 } });
  });

  it('notifies at most ALERTS_PER_INTEGRATION_PER_HOUR new alerts of an integration, and keeps the rest', async () => {
    const integrationId = await sut.csvIntegration('chatty');
    await report(integrationId, 'partial', { processed: 100, failed: 20, conflicts: 12 }, [
      { category: 'auth', message: 'token expired' },
      ...Array.from({ length: 10 }, () => ({ category: 'rate_limit', message: '429' })),
      ...Array.from({ length: 3 }, () => ({ category: 'timeout', message: 'timed out' })),
    ]);

    await eventually(async () => expect(fired.filter((f) => f.integrationId === integrationId)).toHaveLength(5));
    const alerts = await openAlerts(integrationId);
    expect(alerts).toHaveLength(5);
    expect(alerts.filter((alert) => alert.notificationSkipped)).toEqual([
      expect.objectContaining({ notificationSkipped: 'rate limited: 4 alerts per hour for this integration' }),
    ]);
  });

  it('resolves window alerts once the window has passed', async () => {
    const integrationId = await sut.csvIntegration('windowed');
    await report(integrationId, 'partial', { processed: 10 }, [{ category: 'auth', message: 'denied' }]);
    await alertOf(integrationId, 'authentication_failure');

    offsetMs = 61 * MINUTE;
    await sut.app.get(AlertEvaluator).tick();

    expect(await openAlerts(integrationId, 'authentication_failure')).toEqual([]);
  });

  it('raises performance_degradation when a sync takes far longer than the median', async () => {
    const integrationId = await sut.csvIntegration('slow');
    const insert = (durationMs: number) =>
      sut.dataSource.query(
        `INSERT INTO sync_sessions (integration_id, entity_type, direction, trigger, status, triggered_by_kind,
           triggered_by_name, started_at, finished_at)
         VALUES ($1, 'vehicle', 'inbound', 'api', 'completed', 'system', 'test', now() - $2 * interval '1 ms', now())`,
        [integrationId, durationMs],
      );
    for (let i = 0; i < 5; i++) await insert(1000);
    await insert(9000);

    await sut.app.get(AlertEvaluator).evaluateFor(['performance_degradation'], integrationId, 'vehicle');

    const alert = await alertOf(integrationId, 'performance_degradation');
    expect(alert.details).toMatchObject({ durationMs: 9000, factor: 2, samples: 6 });
    expect(alert.details.medianMs).toBeGreaterThanOrEqual(1000);
    expect(alert.details.medianMs).toBeLessThan(1190);
  });

  it('raises data_quality_issue from a failed verification', async () => {
    const integrationId = await sut.csvIntegration('gappy');
    const sessionId = await report(integrationId, 'completed', { processed: 5 });
    await sut.dataSource.query(`UPDATE sync_sessions SET verification = $2 WHERE id = $1`, [
      sessionId,
      {
        localCount: 5,
        remoteCount: 7,
        missingLocally: { count: 2, sample: ['a', 'b'] },
        missingRemotely: { count: 0, sample: [] },
        integrity: { violations: 1, sample: [{ key: 'c', field: 'vin', reason: 'is required' }] },
        passed: false,
        resynced: 0,
        checkedAt: new Date().toISOString(),
      },
    ]);

    await sut.app.get(AlertEvaluator).evaluateFor(['data_quality_issue'], integrationId, 'vehicle');

    expect(await alertOf(integrationId, 'data_quality_issue')).toMatchObject({
      sessionId,
      details: { missingLocally: 2, integrityViolations: 1 },
    });
  });

  it('raises no_recent_sync and integration_down from the scheduled check, with a controllable clock', async () => {
    const integrationId = await sut.csvIntegration('quiet');

    offsetMs = 5 * 60 * MINUTE;
    await sut.app.get(AlertEvaluator).tick();
    expect(await openAlerts(integrationId, 'no_recent_sync')).toEqual([]);
    expect(await openAlerts(integrationId, 'integration_down')).toEqual([]);

    offsetMs = 7 * 60 * MINUTE;
    await sut.app.get(AlertEvaluator).tick();

    expect(await alertOf(integrationId, 'no_recent_sync')).toMatchObject({ entityType: 'vehicle' });
    const down = await alertOf(integrationId, 'integration_down');
    expect(down.message).toMatch(/does not exist/);
    expect(down.details).toMatchObject({ failedChecks: 2 });

    offsetMs = 0;
    await report(integrationId, 'completed', { processed: 1 });
    await eventually(async () => expect(await openAlerts(integrationId, 'no_recent_sync')).toEqual([]));
  });

  it('raises resource_exhaustion when the queue piles up past a rule’s limit', async () => {
    const integrationId = await sut.csvIntegration('busy');
    const { body: rule } = await api('post', '/alert-rules')
      .send({ name: 'Queue piling up', type: 'resource_exhaustion', params: { queueDepth: 1 } })
      .expect(201);
    for (let i = 0; i < 2; i++) {
      await api('post', '/sessions')
        .send({ integrationId, entityType: 'vehicle', direction: 'inbound', status: 'queued' })
        .expect(201);
    }

    await sut.app.get(AlertEvaluator).tick();

    const { body } = await api('get', '/alerts?type=resource_exhaustion').expect(200);
    const alert = body.items.find((item: AlertView) => item.ruleId === rule.id);
    expect(alert).toMatchObject({ integrationId: null, severity: 'critical' });
    expect(alert.message).toMatch(/syncs queued/);
    await api('patch', `/alert-rules/${rule.id}`).send({ enabled: false }).expect(200);
  });

  it('escalates an unacknowledged critical alert after 15 minutes, and not an acknowledged one', async () => {
    const integrationId = await sut.csvIntegration('escalating');
    for (let i = 0; i < 3; i++) await report(integrationId, 'failed');
    const critical = await alertOf(integrationId, 'consecutive_failures');
    const error = await alertOf(integrationId, 'sync_failure');
    await api('post', `/alerts/${error.id}/acknowledge`).send({ note: 'looking' }).expect(200);

    offsetMs = 14 * MINUTE;
    await sut.app.get(AlertEvaluator).tick();
    expect((await api('get', `/alerts/${critical.id}`)).body.escalatedAt).toBeNull();

    offsetMs = 16 * MINUTE;
    await sut.app.get(AlertEvaluator).tick();
    expect((await api('get', `/alerts/${critical.id}`)).body.escalatedAt).not.toBeNull();

    offsetMs = 61 * MINUTE;
    await sut.app.get(AlertEvaluator).tick();
    expect((await api('get', `/alerts/${error.id}`)).body.escalatedAt).toBeNull();
    const [escalation] = await sut.dataSource.query(
      `SELECT actor_kind FROM audit_events WHERE action = 'alert.escalated' AND target_id = $1`,
      [critical.id],
    );
    expect(escalation).toEqual({ actor_kind: 'system' });
  });

  it('acknowledges, suppresses and resolves by hand, with notes, user and time in the audit trail', async () => {
    const integrationId = await sut.csvIntegration('handled');
    await report(integrationId, 'failed');
    const alert = await alertOf(integrationId, 'sync_failure');
    const viewer = await sut.tokenFor('viewer');

    await api('post', `/alerts/${alert.id}/acknowledge`, viewer).send({}).expect(403);
    const acknowledged = await api('post', `/alerts/${alert.id}/acknowledge`).send({ note: 'on it' }).expect(200);
    expect(acknowledged.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: { kind: 'user' } });

    const past = await api('post', `/alerts/${alert.id}/suppress`).send({ until: '2020-01-01T00:00:00Z' }).expect(400);
    expect(past.body.details).toEqual([{ field: 'until', reason: 'must be in the future' }]);
    const until = new Date(Date.now() + 30 * MINUTE).toISOString();
    await api('post', `/alerts/${alert.id}/suppress`).send({ until, note: 'deploying' }).expect(200);

    offsetMs = 31 * MINUTE;
    await sut.app.get(AlertEvaluator).tick();
    expect((await api('get', `/alerts/${alert.id}`)).body).toMatchObject({ status: 'firing', suppressedUntil: null });

    const resolved = await api('post', `/alerts/${alert.id}/resolve`).send({ note: 'fixed the token' }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'fixed the token' });
    await api('post', `/alerts/${alert.id}/acknowledge`).send({}).expect(409);

    const trail = await sut.dataSource.query(
      `SELECT action, actor_name, details->>'note' AS note FROM audit_events WHERE target_id = $1 ORDER BY id`,
      [alert.id],
    );
    expect(trail).toEqual([
      { action: 'alert.acknowledged', actor_name: expect.any(String), note: 'on it' },
      { action: 'alert.suppressed', actor_name: expect.any(String), note: 'deploying' },
      { action: 'alert.resolved', actor_name: expect.any(String), note: 'fixed the token' },
    ]);
    const history = await api('get', `/alerts/history?integrationId=${integrationId}`).expect(200);
    expect(history.body.items.map((item: AlertView) => item.id)).toContain(alert.id);
  });

  it('does not notify an alert that fires again within the suppression window', async () => {
    const integrationId = await sut.csvIntegration('flapping');
    await report(integrationId, 'failed');
    const first = await firedAlert(integrationId, 'sync_failure');
    await report(integrationId, 'completed');
    await eventually(async () => expect(await openAlerts(integrationId, 'sync_failure')).toEqual([]));

    await report(integrationId, 'failed');

    const second = await eventually(async () => {
      const latest = await firedAlert(integrationId, 'sync_failure');
      expect(latest.id).not.toBe(first.id);
      return latest;
    });
    expect(first.notificationSkipped).toBeNull();
    expect(second.notificationSkipped).toMatch(/^suppressed/);
  });

  it('notifies the rule’s channels, and escalates to its escalation channels', async () => {
    const integrationId = await sut.csvIntegration('notifying');
    const channel = (
      await api('post', '/notification-channels')
        .send({ name: 'Ops inbox', config: { type: 'in_app' } })
        .expect(201)
    ).body;
    const pager = (
      await api('post', '/notification-channels')
        .send({ name: 'Pager', config: { type: 'live' } })
        .expect(201)
    ).body;
    await api('post', '/alert-rules')
      .send({
        name: 'Stock sync failed',
        type: 'sync_failure',
        integrationId,
        severity: 'critical',
        channelIds: [channel.id],
        escalation: { afterMinutes: 5, channelIds: [pager.id] },
      })
      .expect(201);
    await report(integrationId, 'failed');
    await eventually(async () => expect(fired.filter((f) => f.integrationId === integrationId)).toHaveLength(2));

    offsetMs = 6 * MINUTE;
    await sut.app.get(AlertEvaluator).tick();

    const deliveries = async (id: string) =>
      (await api('get', `/notification-channels/${id}/deliveries`).expect(200)).body.items;
    expect(await deliveries(channel.id)).toEqual([expect.objectContaining({ kind: 'fired', status: 'sent' })]);
    expect(await deliveries(pager.id)).toEqual([expect.objectContaining({ kind: 'escalated', status: 'sent' })]);
  });

  it('validates rules at the field, against the type’s thresholds', async () => {
    const unknownParam = await api('post', '/alert-rules')
      .send({ name: 'x', type: 'high_error_rate', params: { percent: 300, speed: 1 } })
      .expect(400);
    const badType = await api('post', '/alert-rules').send({ name: 'x', type: 'bad' }).expect(400);
    const missingChannel = await api('post', '/alert-rules')
      .send({ name: 'x', type: 'sync_failure', channelIds: ['00000000-0000-4000-8000-000000000000'] })
      .expect(400);

    expect(unknownParam.body.details).toEqual(
      expect.arrayContaining([
        { field: 'params.percent', reason: 'must be a number from 0.1 to 100' },
        { field: 'params.speed', reason: 'is not a setting of high_error_rate' },
      ]),
    );
    expect(badType.body.details[0].field).toBe('type');
    expect(missingChannel.body.details).toEqual([
      { field: 'channelIds', reason: 'must name existing notification channels' },
    ]);
  });
});
