import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MonitoringStatusView } from '@syncline/contracts';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { lastEvaluationKey } from '../alerting/alerting.queue';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { eventStreamKey } from '../core/events/domain-events';
import { ProcessLoad } from '../core/monitoring/process-load';
import { REDIS } from '../core/redis/redis.module';
import { DashboardCache } from './dashboard-cache';
import { DASHBOARD_TTL_SECONDS } from './dashboard.service';

/** The scheduled alert check runs every minute: three missed ones mean the workers are not running it. */
const EVALUATION_OVERDUE_MS = 3 * 60_000;

/** `GET /api/v1/monitoring/status`: whether monitoring itself works (rollups, alert checks, deliveries, live). */
@Injectable()
export class MonitoringStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly cache: DashboardCache,
    private readonly processLoad: ProcessLoad,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async status(): Promise<MonitoringStatusView> {
    const prefix = this.config.REDIS_PREFIX;
    const [[rollups], [alerting], [notifications], lastEvaluation, entries, streamLength, lastEvents, processes] =
      await Promise.all([
        this.dataSource.query(
          `SELECT max(bucket) AS latest_minute, (SELECT reltuples::bigint FROM pg_class WHERE relname = 'metric_rollups') AS rows
           FROM metric_rollups WHERE resolution = 'minute'`,
        ),
        this.dataSource.query(
          `SELECT (SELECT count(*)::int FROM alert_rules WHERE enabled) AS enabled_rules,
                  (SELECT count(*)::int FROM alerts WHERE status <> 'resolved') AS open_alerts`,
        ),
        this.dataSource.query(
          `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
                  count(*) FILTER (WHERE status = 'failed' AND created_at > now() - interval '24 hours')::int AS failed
           FROM notification_deliveries`,
        ),
        this.redis.get(lastEvaluationKey(prefix)),
        this.cache.entries(),
        this.redis.xlen(eventStreamKey(prefix)),
        this.redis.xrevrange(eventStreamKey(prefix), '+', '-', 'COUNT', 1),
        this.processLoad.all(),
      ]);
    const problems: string[] = [];
    const lastEvaluationAt = lastEvaluation ? new Date(Number(lastEvaluation)) : null;
    if (!lastEvaluationAt || this.clock.now().getTime() - lastEvaluationAt.getTime() > EVALUATION_OVERDUE_MS) {
      problems.push('scheduled alert checks are not running (is a worker up?)');
    }
    if (!processes.some((load) => load.role === 'worker')) problems.push('no worker process reports its load');
    if (notifications.failed > 0) problems.push(`${notifications.failed} notifications failed in 24 h`);
    return {
      status: problems.length > 0 ? 'degraded' : 'ok',
      problems,
      rollups: {
        latestMinute: rollups.latest_minute ? new Date(rollups.latest_minute).toISOString() : null,
        rows: Math.max(0, Number(rollups.rows)),
      },
      alerting: {
        lastEvaluationAt: lastEvaluationAt?.toISOString() ?? null,
        enabledRules: alerting.enabled_rules,
        openAlerts: alerting.open_alerts,
      },
      notifications: { pending: notifications.pending, failedLast24h: notifications.failed },
      dashboardCache: { entries, ttlSeconds: DASHBOARD_TTL_SECONDS },
      liveEvents: { streamLength, lastEventId: lastEvents[0]?.[0] ?? null },
      processes,
    };
  }
}
