import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import type { AlertType, DomainEvents } from '@syncline/contracts';
import type Redis from 'ioredis';
import type { Repository } from 'typeorm';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { ProcessLoad } from '../core/monitoring/process-load';
import { REDIS } from '../core/redis/redis.module';
import { Integration } from '../integrations/entities/integration.entity';
import { IntegrationsService } from '../integrations/integrations.service';
import { SYSTEM } from '../auth/principal';
import { JUDGES, withDefaults, type Facts } from './alert-conditions';
import { AlertFactsRepository } from './alert-facts.repository';
import { AlertRulesService } from './alert-rules.service';
import { lastEvaluationKey } from './alerting.queue';
import { AlertsService, type AlertScope } from './alerts.service';
import { Alert } from './entities/alert.entity';
import type { AlertRule } from './entities/alert-rule.entity';

/** What an alert type is about: one entity of an integration, a whole integration, or Syncline itself. */
const SCOPE: Record<AlertType, 'entity' | 'integration' | 'system'> = {
  sync_failure: 'entity',
  consecutive_failures: 'entity',
  performance_degradation: 'entity',
  high_error_rate: 'entity',
  no_recent_sync: 'entity',
  data_quality_issue: 'entity',
  conflict_spike: 'entity',
  timeout_threshold: 'entity',
  authentication_failure: 'integration',
  rate_limit_exceeded: 'integration',
  integration_down: 'integration',
  resource_exhaustion: 'system',
};

/** Types checked when a session ends, when errors or conflicts are reported, after verification. */
const ON_SESSION_END: AlertType[] = [
  'sync_failure',
  'consecutive_failures',
  'performance_degradation',
  'high_error_rate',
  'no_recent_sync',
  'data_quality_issue',
  'conflict_spike',
  'authentication_failure',
  'rate_limit_exceeded',
  'timeout_threshold',
];
const ON_ERRORS: AlertType[] = ['authentication_failure', 'rate_limit_exceeded', 'timeout_threshold'];
/** Window counts fall as time passes: their open alerts are checked again every minute to resolve them. */
const WINDOWED: AlertType[] = [
  'high_error_rate',
  'conflict_spike',
  'authentication_failure',
  'rate_limit_exceeded',
  'timeout_threshold',
];

const RECENT_SESSIONS = 100;

/** Facts already read for the rules checked together for one event: each query runs once. */
type SharedFacts = Map<string, Promise<unknown>>;
const CHECK_TTL_SECONDS = 3600;

const EMPTY_FACTS = {
  recentSessions: [],
  durationBaseline: { medianMs: null, samples: 0 },
  window: { processed: 0, failed: 0, conflicts: 0, timedOutSessions: 0, errors: {} },
  lastSuccessAt: null,
  failedChecks: { count: 0, reasons: [] },
  processes: [],
  queueDepth: 0,
} satisfies Omit<Facts, 'now' | 'watchedSince'>;

/**
 * Runs the alert rules: on domain events in the process that published them (each event happens in
 * exactly one process, so each is evaluated once), and every minute from one scheduled job for what
 * only time changes (staleness, windows running out, connectivity, resources, escalation).
 */
@Injectable()
export class AlertEvaluator {
  private readonly logger = new Logger(AlertEvaluator.name);
  private readonly checksKey: string;
  private readonly lastEvaluationKey: string;

  constructor(
    private readonly rules: AlertRulesService,
    private readonly alerts: AlertsService,
    private readonly facts: AlertFactsRepository,
    private readonly integrations: IntegrationsService,
    private readonly processLoad: ProcessLoad,
    private readonly clock: Clock,
    @InjectRepository(Integration) private readonly integrationRows: Repository<Integration>,
    @InjectRepository(Alert) private readonly alertRows: Repository<Alert>,
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.checksKey = `${config.REDIS_PREFIX}:alerting:failed-checks`;
    this.lastEvaluationKey = lastEvaluationKey(config.REDIS_PREFIX);
  }

  @OnEvent('session.completed')
  @OnEvent('session.failed')
  async onSessionEnded({ session }: DomainEvents['session.completed']): Promise<void> {
    await this.safely(() => this.evaluateFor(ON_SESSION_END, session.integrationId, session.entityType));
  }

  @OnEvent('verification.failed')
  async onVerificationFailed({ session }: DomainEvents['verification.failed']): Promise<void> {
    await this.safely(() => this.evaluateFor(['data_quality_issue'], session.integrationId, session.entityType));
  }

  @OnEvent('error.reported')
  async onErrors({ sessionId, integrationId }: DomainEvents['error.reported']): Promise<void> {
    await this.safely(async () => {
      const entityType = await this.facts.entityOfSession(sessionId);
      if (entityType) await this.evaluateFor(ON_ERRORS, integrationId, entityType);
    });
  }

  @OnEvent('conflict.detected')
  async onConflicts({ sessionId, integrationId }: DomainEvents['conflict.detected']): Promise<void> {
    await this.safely(async () => {
      const entityType = await this.facts.entityOfSession(sessionId);
      if (entityType) await this.evaluateFor(['conflict_spike'], integrationId, entityType);
    });
  }

  /** The minute's work; the scheduled job calls it in one process at a time. */
  async tick(): Promise<void> {
    await this.alerts.wakeSuppressed();
    await this.checkStaleness();
    await this.recheckWindows();
    await this.checkConnectivity();
    await this.checkResources();
    await this.alerts.escalateDue();
    await this.redis.set(this.lastEvaluationKey, String(this.clock.now().getTime()));
  }

  /** Every rule of these types watching the entity, at the scope its type is about. */
  async evaluateFor(types: AlertType[], integrationId: string, entityType: string): Promise<void> {
    const shared: SharedFacts = new Map();
    for (const rule of await this.rules.watching(types, integrationId, entityType)) {
      const entity = SCOPE[rule.type] === 'entity' ? entityType : rule.entityType;
      await this.evaluate(rule, { integrationId, entityType: entity }, shared);
    }
  }

  async evaluate(rule: AlertRule, scope: AlertScope, shared: SharedFacts = new Map()): Promise<void> {
    const params = withDefaults(rule.type, rule.params);
    const verdict = JUDGES[rule.type](params, await this.gather(rule, params, scope, shared));
    if (verdict?.firing) await this.alerts.raise(rule, scope, verdict);
    else if (verdict) await this.alerts.clear(rule, scope, verdict.reason);
  }

  private async gather(
    rule: AlertRule,
    params: Record<string, number>,
    scope: AlertScope,
    shared: SharedFacts,
  ): Promise<Facts> {
    const now = this.clock.now();
    const facts: Facts = { ...EMPTY_FACTS, now, watchedSince: rule.createdAt };
    const { integrationId, entityType } = scope;
    const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
      if (!shared.has(key)) shared.set(key, load());
      return shared.get(key) as Promise<T>;
    };
    const recentSessions = () =>
      once(`recent:${integrationId}:${entityType}`, () =>
        this.facts.recentSessions(integrationId!, entityType!, RECENT_SESSIONS),
      );
    switch (rule.type) {
      case 'sync_failure':
      case 'consecutive_failures':
      case 'data_quality_issue':
        facts.recentSessions = await recentSessions();
        break;
      case 'performance_degradation':
        facts.recentSessions = await recentSessions();
        facts.durationBaseline = await this.facts.durationBaseline(
          integrationId!,
          entityType!,
          minutesAgo(params.baselineDays * 1440),
        );
        break;
      case 'no_recent_sync':
        facts.lastSuccessAt = await this.facts.lastSuccessAt(integrationId!, entityType!);
        break;
      case 'integration_down':
        facts.failedChecks = await this.failedChecks(integrationId!);
        break;
      case 'resource_exhaustion':
        facts.processes = (await this.processLoad.all()).map((load) => ({
          name: `${load.role} ${load.host}:${load.pid}`,
          heapUsedPercent: (100 * load.heapUsedBytes) / load.heapLimitBytes,
          eventLoopLagMs: load.eventLoopLagMs,
        }));
        facts.queueDepth = await this.facts.queuedSyncs();
        break;
      default:
        facts.window = await once(`window:${integrationId}:${entityType}:${params.windowMinutes}`, () =>
          this.facts.windowTotals(integrationId!, entityType, minutesAgo(params.windowMinutes)),
        );
    }
    return facts;
  }

  private async checkStaleness(): Promise<void> {
    const rules = await this.rules.watching(['no_recent_sync']);
    if (rules.length === 0) return;
    const integrations = await this.integrationRows.findBy({ status: 'active' });
    for (const rule of rules) {
      for (const integration of integrations) {
        if (rule.integrationId && rule.integrationId !== integration.id) continue;
        for (const entityType of integration.entityTypes) {
          if (!rule.entityType || rule.entityType === entityType) {
            await this.evaluate(rule, { integrationId: integration.id, entityType });
          }
        }
      }
    }
  }

  private async recheckWindows(): Promise<void> {
    const open = await this.alertRows
      .createQueryBuilder('alert')
      .innerJoinAndSelect('alert.rule', 'rule')
      .where(`alert.status <> 'resolved'`)
      .andWhere('alert.type IN (:...types)', { types: WINDOWED })
      .getMany();
    for (const alert of open) {
      await this.evaluate(alert.rule!, { integrationId: alert.integrationId, entityType: alert.entityType });
    }
  }

  /** Tests both sides of every active integration an enabled `integration_down` rule watches. */
  private async checkConnectivity(): Promise<void> {
    const rules = await this.rules.watching(['integration_down']);
    if (rules.length === 0) return;
    const integrations = await this.integrationRows.findBy({ status: 'active' });
    for (const integration of integrations) {
      const watching = rules.filter((rule) => !rule.integrationId || rule.integrationId === integration.id);
      if (watching.length === 0) continue;
      await this.recordCheck(integration.id);
      for (const rule of watching) await this.evaluate(rule, { integrationId: integration.id, entityType: null });
    }
  }

  private async recordCheck(integrationId: string): Promise<void> {
    const { local, remote } = await this.integrations.testConnection(integrationId, undefined, SYSTEM);
    const reasons = [local, remote]
      .map((check, index) =>
        check.reachable && check.authenticated !== false
          ? null
          : `${index === 0 ? 'local' : 'remote'}: ${check.message}`,
      )
      .filter((reason): reason is string => reason !== null);
    const key = `${this.checksKey}:${integrationId}`;
    if (reasons.length === 0) await this.redis.del(key);
    else {
      await this.redis.multi().rpush(key, reasons.join('; ')).ltrim(key, -60, -1).expire(key, CHECK_TTL_SECONDS).exec();
    }
  }

  private async failedChecks(integrationId: string): Promise<Facts['failedChecks']> {
    const reasons = await this.redis.lrange(`${this.checksKey}:${integrationId}`, -5, -1);
    return { count: await this.redis.llen(`${this.checksKey}:${integrationId}`), reasons: [...new Set(reasons)] };
  }

  private async checkResources(): Promise<void> {
    for (const rule of await this.rules.watching(['resource_exhaustion'])) {
      await this.evaluate(rule, { integrationId: null, entityType: null });
    }
  }

  /** An alert check that fails must not fail what triggered it (a sync, a report): log and go on. */
  private async safely(work: () => Promise<void>): Promise<void> {
    await work().catch((error: Error) => this.logger.warn(`Alert evaluation failed: ${error.message}`));
  }
}
