import { Inject, Injectable } from '@nestjs/common';
import {
  DASHBOARD_WINDOWS,
  histogramPercentile,
  INTERVAL_MS,
  type AlertSeverity,
  type DashboardView,
  type DashboardWindow,
  type EntityStatusView,
  type HealthStatus,
  type SyncRates,
} from '@syncline/contracts';
import { CronExpressionParser } from 'cron-parser';
import type Redis from 'ioredis';
import { AlertsService } from '../alerting/alerts.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { ProcessLoad } from '../core/monitoring/process-load';
import { REDIS } from '../core/redis/redis.module';
import { SessionsService } from '../sessions/sessions.service';
import { DashboardRepository, type EntityRow, type Scope } from './dashboard.repository';

/** How long a computed dashboard is served from Redis, unless an event invalidates it first. */
export const DASHBOARD_TTL_SECONDS = 10;
export const dashboardCacheKey = (prefix: string) => `${prefix}:cache:dashboard`;

const WINDOW: Record<DashboardWindow, { resolution: 'hour' | 'day'; ms: number }> = {
  '24h': { resolution: 'hour', ms: INTERVAL_MS.day },
  '7d': { resolution: 'day', ms: 7 * INTERVAL_MS.day },
  '30d': { resolution: 'day', ms: 30 * INTERVAL_MS.day },
};
const SEVERITIES: AlertSeverity[] = ['info', 'warning', 'error', 'critical'];
const SUCCEEDED = ['completed', 'partial'];

const alignDown = (at: number, step: number) => new Date(Math.floor(at / step) * step);
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/** `GET /api/v1/dashboard`: everything the overview shows, from rollups and indexes, cached in Redis. */
@Injectable()
export class DashboardService {
  private readonly cacheKey: string;

  constructor(
    private readonly repository: DashboardRepository,
    private readonly alerts: AlertsService,
    private readonly sessions: SessionsService,
    private readonly processLoad: ProcessLoad,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.cacheKey = dashboardCacheKey(config.REDIS_PREFIX);
  }

  /** The cached dashboard of the caller's scope, or a fresh one (then cached). */
  async get(principal: Principal): Promise<{ view: DashboardView; cached: boolean }> {
    const field = principal.integrationIds ? [...principal.integrationIds].sort().join(',') : 'all';
    const hit = await this.redis.hget(this.cacheKey, field).catch(() => null);
    if (hit) return { view: JSON.parse(hit) as DashboardView, cached: true };
    const view = await this.compute(principal);
    await this.redis
      .multi()
      .hset(this.cacheKey, field, JSON.stringify(view))
      .expire(this.cacheKey, DASHBOARD_TTL_SECONDS)
      .exec()
      .catch(() => undefined);
    return { view, cached: false };
  }

  async compute(principal: Principal): Promise<DashboardView> {
    const scope = principal.integrationIds;
    const now = this.clock.now();
    const day = INTERVAL_MS.day;
    const since30d = alignDown(now.getTime() - 29 * day, day);
    const [rates, active, entityRows, trend, sessionsByEntity, recordsByEntity, records24h, alertCounts, authFailing] =
      await Promise.all([
        Promise.all(DASHBOARD_WINDOWS.map((window) => this.rates(window, now, scope))),
        this.repository.activeSessions(scope),
        this.repository.entities(scope),
        this.repository.daily(since30d, scope),
        this.repository.perEntity('sessions', alignDown(now.getTime() - 6 * day, day), scope),
        this.repository.perEntity('records_processed', since30d, scope),
        this.repository.sumsByDimension(
          'records_processed',
          'hour',
          alignDown(now.getTime() - day, INTERVAL_MS.hour),
          scope,
        ),
        this.repository.openAlerts(scope),
        this.repository.authFailing(scope),
      ]);
    const [processes, current, recent] = await Promise.all([
      this.processLoad.all().catch(() => []),
      this.sessions.current(principal),
      this.alerts.open({ limit: 10 }, principal),
    ]);

    const keyOf = (integrationId: string, entityType: string) => `${integrationId}/${entityType}`;
    const openByEntity = new Map<string, { count: number; worst: number }>();
    const openBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
      AlertSeverity,
      number
    >;
    for (const row of alertCounts) {
      openBySeverity[row.severity as AlertSeverity] += row.count;
      if (!row.integration_id) continue;
      const key = keyOf(row.integration_id, row.entity_type ?? '*');
      const known = openByEntity.get(key) ?? { count: 0, worst: 0 };
      openByEntity.set(key, {
        count: known.count + row.count,
        worst: Math.max(known.worst, SEVERITIES.indexOf(row.severity as AlertSeverity)),
      });
    }
    const tally = (rows: { integration_id: string; entity_type: string; dimension: string; total: number }[]) => {
      const byKey = new Map<string, Record<string, number>>();
      for (const row of rows) {
        const key = keyOf(row.integration_id, row.entity_type);
        byKey.set(key, { ...byKey.get(key), [row.dimension]: (byKey.get(key)?.[row.dimension] ?? 0) + row.total });
      }
      return byKey;
    };
    const statuses7d = tally(sessionsByEntity);
    const records30d = tally(recordsByEntity);

    const entities = entityRows.map((row): EntityStatusView => {
      const key = keyOf(row.integration_id, row.entity_type);
      const alerts = [openByEntity.get(key), openByEntity.get(keyOf(row.integration_id, '*'))];
      const openAlerts = alerts.reduce((sum, found) => sum + (found?.count ?? 0), 0);
      const worstAlert = Math.max(-1, ...alerts.map((found) => (found?.count ? found.worst : -1)));
      const finished = Object.values(statuses7d.get(key) ?? {}).reduce((sum, n) => sum + n, 0);
      const succeeded = SUCCEEDED.reduce((sum, status) => sum + (statuses7d.get(key)?.[status] ?? 0), 0);
      const verification = row.verification;
      return {
        integrationId: row.integration_id,
        integrationKey: row.integration_key,
        integrationName: row.integration_name,
        integrationStatus: row.integration_status,
        entityType: row.entity_type,
        health: healthOf(row, worstAlert),
        lastSync: row.session_id
          ? {
              sessionId: row.session_id,
              status: row.status!,
              finishedAt: iso(row.finished_at),
              durationMs: row.duration_ms,
              processed: row.processed ?? 0,
              failed: row.failed ?? 0,
            }
          : null,
        lastSuccessAt: iso(row.last_success_at),
        nextRunAt: nextRun(row, now),
        successRate7d: ratio(succeeded, finished),
        recordsSynced30d: records30d.get(key)?.[''] ?? 0,
        gaps: verification ? verification.missingLocally.count + verification.missingRemotely.count : null,
        integrityViolations: verification ? verification.integrity.violations : null,
        openAlerts,
      };
    });

    const trendByDay = new Map<string, { finished: number; succeeded: number }>();
    for (let at = since30d.getTime(); at <= now.getTime(); at += day) {
      trendByDay.set(new Date(at).toISOString(), { finished: 0, succeeded: 0 });
    }
    for (const row of trend) {
      const point = trendByDay.get(new Date(row.day).toISOString());
      if (!point) continue;
      point.finished += row.count;
      if (SUCCEEDED.includes(row.dimension)) point.succeeded += row.count;
    }
    const recordsByEntityType = new Map<string, number>();
    for (const row of recordsByEntity) {
      recordsByEntityType.set(row.entity_type, (recordsByEntityType.get(row.entity_type) ?? 0) + row.total);
    }
    const credentials = new Map(
      entityRows.map((row) => [
        row.integration_id,
        {
          integrationId: row.integration_id,
          integrationKey: row.integration_key,
          credentialsSet: row.credentials_set,
          rotatedAt: iso(row.credentials_rotated_at),
          failing: authFailing.has(row.integration_id),
        },
      ]),
    );

    return {
      generatedAt: now.toISOString(),
      overview: {
        activeSyncs: active.running,
        queuedSyncs: active.queued,
        rates: Object.fromEntries(DASHBOARD_WINDOWS.map((window, i) => [window, rates[i]])) as Record<
          DashboardWindow,
          SyncRates
        >,
        uptimeSeconds: processes.length > 0 ? Math.max(...processes.map((load) => load.uptimeSeconds)) : null,
      },
      entities,
      currentSessions: current.slice(0, 50),
      trend: [...trendByDay].map(([dayStart, { finished, succeeded }]) => ({
        day: dayStart,
        finished,
        succeeded,
        successRate: ratio(succeeded, finished),
      })),
      system: { processes },
      alerts: { open: openBySeverity, recent: recent.items },
      quickStats: {
        recordsSynced24h: records24h.reduce((sum, row) => sum + row.count, 0),
        recordsByEntity30d: [...recordsByEntityType]
          .map(([entityType, records]) => ({ entityType, records }))
          .sort((a, b) => b.records - a.records),
        credentials: [...credentials.values()],
      },
    };
  }

  private async rates(window: DashboardWindow, now: Date, scope: Scope): Promise<SyncRates> {
    const { resolution, ms } = WINDOW[window];
    const since = alignDown(now.getTime() - ms + INTERVAL_MS[resolution], INTERVAL_MS[resolution]);
    const [statuses, durations, records] = await Promise.all([
      this.repository.sumsByDimension('sessions', resolution, since, scope),
      this.repository.durations(resolution, since, scope),
      this.repository.sumsByDimension('records_processed', resolution, since, scope),
    ]);
    const byStatus = Object.fromEntries(statuses.map((row) => [row.dimension, row.count]));
    const finished = statuses.reduce((sum, row) => sum + row.count, 0);
    const ranToEnd = (byStatus.completed ?? 0) + (byStatus.partial ?? 0);
    return {
      finished,
      byStatus,
      completionRate: ratio(ranToEnd, finished),
      successRate: ratio(byStatus.completed ?? 0, finished),
      avgDurationMs: durations.count > 0 ? durations.sum / durations.count : null,
      p95DurationMs: durations.histogram
        ? histogramPercentile(durations.histogram, 0.95, { min: durations.min!, max: durations.max! })
        : null,
      recordsProcessed: records.reduce((sum, row) => sum + row.count, 0),
    };
  }
}

/** A card's colour: an open critical alert or a failed last sync is down; other alerts or a partial sync degrade. */
function healthOf(row: EntityRow, worstAlert: number): HealthStatus {
  if (worstAlert === SEVERITIES.indexOf('critical') || row.status === 'failed' || row.status === 'timed_out') {
    return 'down';
  }
  if (worstAlert >= SEVERITIES.indexOf('warning') || row.status === 'partial') return 'degraded';
  return row.session_id ? 'healthy' : 'idle';
}

function nextRun(row: EntityRow, now: Date): string | null {
  if (!row.schedule || !row.scheduled || row.integration_status !== 'active') return null;
  return CronExpressionParser.parse(row.schedule, { tz: 'UTC', currentDate: now }).next().toISOString();
}
