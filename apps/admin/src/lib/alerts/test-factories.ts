import type { AlertRuleView, AlertView, MetricPoint, MetricSeriesView } from '@syncline/contracts';

/** Small factories for the alerting and metrics specs: a sensible default, overridden where a test cares. */
export function alertView(overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: '3d6f0c1e-2b4a-4c8d-9e0f-a1b2c3d4e5f6',
    ruleId: null,
    type: 'sync_failure',
    severity: 'error',
    status: 'firing',
    fingerprint: 'rule:integration:vehicle',
    integrationId: 'b2a5c1d0-0000-4000-8000-000000000001',
    integrationKey: 'dealer-stock',
    entityType: 'vehicle',
    sessionId: null,
    title: 'Sync failed',
    message: 'The sync of dealer-stock vehicle failed.',
    details: {},
    count: 1,
    firstSeenAt: '2026-11-23T12:00:00.000Z',
    lastSeenAt: '2026-11-23T12:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    suppressedUntil: null,
    escalatedAt: null,
    notificationSkipped: null,
    ...overrides,
  };
}

export function alertRuleView(overrides: Partial<AlertRuleView> = {}): AlertRuleView {
  return {
    id: '9a8b7c6d-0000-4000-8000-000000000002',
    name: 'Too many failed records',
    type: 'high_error_rate',
    integrationId: null,
    entityType: null,
    severity: 'error',
    params: { percent: 10, windowMinutes: 60, minRecords: 20 },
    channelIds: [],
    suppressionMinutes: 15,
    escalation: { afterMinutes: null, channelIds: [] },
    enabled: true,
    builtIn: false,
    createdAt: '2026-11-23T12:00:00.000Z',
    updatedAt: '2026-11-23T12:00:00.000Z',
    ...overrides,
  };
}

export function metricPoint(overrides: Partial<MetricPoint> = {}): MetricPoint {
  return {
    t: '2026-11-23T12:00:00.000Z',
    count: 0,
    sum: 0,
    avg: null,
    min: null,
    max: null,
    perMinute: 0,
    p50: null,
    p95: null,
    p99: null,
    ...overrides,
  };
}

export function seriesView(
  series: MetricSeriesView['series'],
  overrides: Partial<MetricSeriesView> = {},
): MetricSeriesView {
  return {
    metric: 'sessions',
    interval: 'hour',
    from: '2026-11-23T10:00:00.000Z',
    to: '2026-11-23T13:00:00.000Z',
    integrationId: null,
    entityType: null,
    series,
    ...overrides,
  };
}
