import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  DEFAULT_ESCALATION_MINUTES,
  type AlertPage,
  type AlertStatus,
  type AlertView,
  type NotificationKind,
} from '@syncline/contracts';
import { In, IsNull, Not, type DataSource, type EntityManager, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditService } from '../audit/audit.service';
import { SYSTEM, type Actor, type Principal, type RequestActor } from '../auth/principal';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { ApiException } from '../core/errors/api-exception';
import { decodeCursor, toPage } from '../core/http/cursor';
import { DomainEventBus } from '../core/events/domain-events';
import { NotificationsService } from '../notifications/notifications.service';
import type { Verdict } from './alert-conditions';
import { actorView, toAlertView } from './alert-view';
import type { AlertQueryDto } from './dto/alert.dto';
import { Alert } from './entities/alert.entity';
import type { AlertRule } from './entities/alert-rule.entity';

export type Firing = Extract<NonNullable<Verdict>, { firing: true }>;

export interface AlertScope {
  integrationId: string | null;
  entityType: string | null;
}

const OPEN: AlertStatus[] = ['firing', 'acknowledged', 'suppressed'];
const HOUR_MS = 3_600_000;

export const fingerprintOf = (rule: AlertRule, scope: AlertScope) =>
  `${rule.id}:${scope.integrationId ?? '*'}:${scope.entityType ?? '*'}`;

/**
 * The alert lifecycle: open or repeat (deduplicated by fingerprint), notify within the suppression
 * window and the per-integration rate limit, escalate, acknowledge, suppress, resolve — every step
 * published live, logged, and audited.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Alert) private readonly alerts: Repository<Alert>,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Opens the rule's alert for the scope, or counts a repeat on the open one. */
  async raise(rule: AlertRule, scope: AlertScope, firing: Firing): Promise<AlertView> {
    const now = this.clock.now();
    const fingerprint = fingerprintOf(rule, scope);
    const [{ id, opened }] = await this.dataSource.query(
      `INSERT INTO alerts (rule_id, type, severity, status, fingerprint, integration_id, entity_type, session_id,
                           title, message, details, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, 'firing', $4, $5, $6, $7, $8, $9, $10, $11, $11)
       ON CONFLICT (fingerprint) WHERE status <> 'resolved' DO UPDATE SET
         count = alerts.count + 1, last_seen_at = excluded.last_seen_at, title = excluded.title,
         message = excluded.message, details = excluded.details,
         session_id = coalesce(excluded.session_id, alerts.session_id), updated_at = now()
       RETURNING id, (xmax = 0) AS opened`,
      [
        rule.id,
        rule.type,
        rule.severity,
        fingerprint,
        scope.integrationId,
        scope.entityType,
        firing.sessionId ?? null,
        firing.title,
        firing.message,
        firing.details,
        now,
      ],
    );
    if (!opened) return this.publish('alert.updated', await this.find(id));
    const alert = await this.find(id);
    this.logger.warn(
      `[${alert.severity}] ${alert.title} — ${alert.integration?.key ?? 'system'}${alert.entityType ? `/${alert.entityType}` : ''}: ${alert.message}`,
    );
    // One decision at a time per integration, so that alerts raised together respect the hourly limit.
    const skipped = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [alert.integrationId ?? 'system']);
      const reason = await this.notificationBlocker(alert, rule, now, manager);
      await manager.update(Alert, alert.id, reason ? { notificationSkipped: reason } : { notifiedAt: now });
      return reason;
    });
    if (!skipped) await this.notify(alert, 'fired', rule.channelIds);
    return this.publish('alert.fired', await this.find(id));
  }

  /** Resolves the rule's open alert for the scope, if there is one: its condition cleared. */
  async clear(rule: AlertRule, scope: AlertScope, reason: string): Promise<void> {
    const open = await this.alerts.findOneBy({ fingerprint: fingerprintOf(rule, scope), status: In(OPEN) });
    if (!open) return;
    await this.transition(open, SYSTEM, 'resolved', `Condition cleared: ${reason}`, rule.channelIds);
  }

  async acknowledge(id: string, actor: RequestActor, note?: string): Promise<AlertView> {
    const alert = await this.findFor(id, actor);
    if (alert.status !== 'firing' && alert.status !== 'suppressed') throw notNow(alert, 'acknowledged');
    return this.transition(alert, actor, 'acknowledged', note);
  }

  async resolve(id: string, actor: RequestActor, note?: string): Promise<AlertView> {
    const alert = await this.findFor(id, actor);
    if (alert.status === 'resolved') throw notNow(alert, 'resolved');
    return this.transition(alert, actor, 'resolved', note ?? null, alert.rule?.channelIds ?? []);
  }

  async suppress(id: string, actor: RequestActor, until: Date, note?: string): Promise<AlertView> {
    const alert = await this.findFor(id, actor);
    if (alert.status === 'resolved') throw notNow(alert, 'suppressed');
    if (until <= this.clock.now()) throw ApiException.invalidField('until', 'must be in the future');
    alert.suppressedUntil = until;
    return this.transition(alert, actor, 'suppressed', note);
  }

  /** Escalates firing alerts left unacknowledged past their rule's (or severity's) delay. */
  async escalateDue(): Promise<number> {
    const now = this.clock.now();
    const candidates = await this.alerts.find({
      where: { status: 'firing', escalatedAt: IsNull() },
      relations: { rule: true, integration: true },
    });
    let escalated = 0;
    for (const alert of candidates) {
      const after = alert.rule?.escalation.afterMinutes ?? DEFAULT_ESCALATION_MINUTES[alert.severity];
      if (!after || alert.firstSeenAt.getTime() + after * 60_000 > now.getTime()) continue;
      const claimed = await this.alerts.update({ id: alert.id, escalatedAt: IsNull() }, { escalatedAt: now });
      if (!claimed.affected) continue;
      const channels = alert.rule?.escalation.channelIds.length
        ? alert.rule.escalation.channelIds
        : (alert.rule?.channelIds ?? []);
      this.logger.error(`[${alert.severity}] escalated after ${after} min unacknowledged: ${alert.title}`);
      await this.audit.record(SYSTEM, {
        action: 'alert.escalated',
        targetType: 'alert',
        targetId: alert.id,
        details: { afterMinutes: after, channelIds: channels },
      });
      await this.notify(await this.find(alert.id), 'escalated', channels);
      this.publish('alert.updated', await this.find(alert.id));
      escalated += 1;
    }
    return escalated;
  }

  /** Suppressed alerts whose time ran out fire again. */
  async wakeSuppressed(): Promise<number> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [due]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE alerts SET status = 'firing', suppressed_until = NULL, updated_at = now()
       WHERE status = 'suppressed' AND suppressed_until <= $1 RETURNING id`,
      [this.clock.now()],
    );
    for (const { id } of due) this.publish('alert.updated', await this.find(id));
    return due.length;
  }

  /** Open alerts (firing, acknowledged, suppressed): the `limit` most severe, most recent first. */
  async open(
    query: Pick<AlertQueryDto, 'limit' | 'status' | 'severity' | 'type' | 'integrationId'>,
    principal: Principal,
  ): Promise<AlertPage> {
    const builder = this.query(query, principal)
      .andWhere(`alert.status <> 'resolved'`)
      .orderBy(`array_position(ARRAY['critical','error','warning','info']::alert_severity[], alert.severity)`)
      .addOrderBy('alert.lastSeenAt', 'DESC')
      .limit(query.limit);
    return { items: (await builder.getMany()).map(toAlertView), nextCursor: null };
  }

  /** Every alert, resolved ones included, newest first. */
  async history(query: AlertQueryDto, principal: Principal): Promise<AlertPage> {
    const builder = this.query(query, principal)
      .orderBy('alert.createdAt', 'DESC')
      .addOrderBy('alert.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      builder.andWhere('(alert.createdAt, alert.id) < (:createdAt, :id)', { createdAt, id });
    }
    return toPage(await builder.getMany(), query.limit, (last) => [last.createdAt.toISOString(), last.id], toAlertView);
  }

  async get(id: string, principal: Principal): Promise<AlertView> {
    return toAlertView(await this.findFor(id, principal));
  }

  private query(query: Omit<AlertQueryDto, 'cursor'>, principal: Principal) {
    const builder = this.alerts.createQueryBuilder('alert').leftJoinAndSelect('alert.integration', 'integration');
    if (principal.integrationIds)
      builder.andWhere('alert.integrationId IN (:...scope)', { scope: principal.integrationIds });
    if (query.status) builder.andWhere('alert.status = :status', { status: query.status });
    if (query.severity) builder.andWhere('alert.severity = :severity', { severity: query.severity });
    if (query.type) builder.andWhere('alert.type = :type', { type: query.type });
    if (query.integrationId)
      builder.andWhere('alert.integrationId = :integrationId', { integrationId: query.integrationId });
    return builder;
  }

  /** Why a new alert is not notified: a twin notified within the suppression window, or the hourly limit. */
  private async notificationBlocker(
    alert: Alert,
    rule: AlertRule,
    now: Date,
    manager: EntityManager,
  ): Promise<string | null> {
    const windowStart = new Date(now.getTime() - rule.suppressionMinutes * 60_000);
    const twin = await manager.findOne(Alert, {
      where: { fingerprint: alert.fingerprint, id: Not(alert.id), notifiedAt: Not(IsNull()) },
      order: { notifiedAt: 'DESC' },
    });
    if (twin?.notifiedAt && twin.notifiedAt > windowStart) {
      return `suppressed: the same alert was notified at ${twin.notifiedAt.toISOString()}`;
    }
    if (!alert.integrationId) return null;
    const [{ notified }] = await manager.query(
      `SELECT count(*)::int AS notified FROM alerts WHERE integration_id = $1 AND notified_at > $2`,
      [alert.integrationId, new Date(now.getTime() - HOUR_MS)],
    );
    const limit = this.config.ALERTS_PER_INTEGRATION_PER_HOUR;
    return notified >= limit ? `rate limited: ${limit} alerts per hour for this integration` : null;
  }

  private async transition(
    alert: Alert,
    actor: Actor,
    status: AlertStatus,
    note: string | null = null,
    notifyChannels: string[] = [],
  ): Promise<AlertView> {
    const now = this.clock.now();
    const by = actorView(actor);
    const changes: QueryDeepPartialEntity<Alert> = { status };
    if (status === 'acknowledged') Object.assign(changes, { acknowledgedAt: now, acknowledgedBy: by });
    if (status === 'resolved') Object.assign(changes, { resolvedAt: now, resolvedBy: by, resolution: note });
    if (status === 'suppressed') changes.suppressedUntil = alert.suppressedUntil;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Alert, alert.id, changes);
      await this.audit.record(
        actor,
        {
          action: `alert.${status}`,
          targetType: 'alert',
          targetId: alert.id,
          details: { title: alert.title, note, ...(status === 'suppressed' ? { until: changes.suppressedUntil } : {}) },
        },
        manager,
      );
    });
    const updated = await this.find(alert.id);
    if (status === 'resolved' && alert.notifiedAt) await this.notify(updated, 'resolved', notifyChannels);
    return this.publish('alert.updated', updated);
  }

  private async notify(alert: Alert, kind: NotificationKind, channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    await this.notifications
      .dispatch(toAlertView(alert), kind, channelIds)
      .catch((error: Error) => this.logger.warn(`Notifications for alert ${alert.id} not queued: ${error.message}`));
  }

  private publish(name: 'alert.fired' | 'alert.updated', alert: Alert): AlertView {
    const view = toAlertView(alert);
    this.events.publish(name, { alert: view });
    return view;
  }

  private async find(id: string): Promise<Alert> {
    return this.alerts.findOneOrFail({ where: { id }, relations: { integration: true, rule: true } });
  }

  private async findFor(id: string, principal: Principal): Promise<Alert> {
    const alert = await this.alerts.findOne({ where: { id }, relations: { integration: true, rule: true } });
    if (!alert) throw ApiException.notFound('Alert', id);
    if (principal.integrationIds && !(alert.integrationId && principal.integrationIds.includes(alert.integrationId))) {
      throw ApiException.notFound('Alert', id);
    }
    return alert;
  }
}

function notNow(alert: Alert, wanted: AlertStatus): ApiException {
  return new ApiException('conflict', `A ${alert.status} alert cannot be ${wanted}`, [
    { field: 'status', reason: `is ${alert.status}` },
  ]);
}
