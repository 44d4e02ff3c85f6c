import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  ALERT_TYPE_SPECS,
  ALERT_TYPES,
  DEFAULT_SUPPRESSION_MINUTES,
  type AlertRuleView,
  type AlertType,
  type DomainEvents,
  type ErrorDetail,
} from '@syncline/contracts';
import { In, IsNull, type DataSource, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, Principal } from '../auth/principal';
import { ApiException } from '../core/errors/api-exception';
import { withDefaults } from './alert-conditions';
import type { CreateAlertRuleDto, UpdateAlertRuleDto } from './dto/alert-rule.dto';
import { AlertRule } from './entities/alert-rule.entity';

/** System-wide checks get one global built-in rule; every other type one per integration. */
const SYSTEM_TYPES: AlertType[] = ['resource_exhaustion'];
const INTEGRATION_TYPES = ALERT_TYPES.filter((type) => !SYSTEM_TYPES.includes(type));

const label = (type: AlertType) => ALERT_TYPE_SPECS[type].description;

type BuiltInRule = Omit<AlertRule, 'id' | 'integration' | 'createdAt' | 'updatedAt'>;

export function toRuleView(rule: AlertRule): AlertRuleView {
  return {
    id: rule.id,
    name: rule.name,
    type: rule.type,
    integrationId: rule.integrationId,
    entityType: rule.entityType,
    severity: rule.severity,
    params: rule.params,
    channelIds: rule.channelIds,
    suppressionMinutes: rule.suppressionMinutes,
    escalation: rule.escalation,
    enabled: rule.enabled,
    builtIn: rule.builtIn,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

/** Alert rules: validated CRUD, and the built-in rules every integration starts with. */
@Injectable()
export class AlertRulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertRulesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AlertRule) private readonly rules: Repository<AlertRule>,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureBuiltIns().catch((error: Error) => this.logger.warn(`Built-in alert rules: ${error.message}`));
  }

  @OnEvent('integration.changed')
  async onIntegrationChanged({ integrationId }: DomainEvents['integration.changed']): Promise<void> {
    await this.ensureBuiltIns(integrationId).catch((error: Error) =>
      this.logger.warn(`Built-in alert rules of ${integrationId}: ${error.message}`),
    );
  }

  /** Creates the missing built-in rules (of one integration, or of all and the system-wide ones). */
  async ensureBuiltIns(integrationId?: string): Promise<void> {
    const integrations: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM integrations WHERE $1::uuid IS NULL OR id = $1`,
      [integrationId ?? null],
    );
    const wanted = integrations.flatMap(({ id }) => INTEGRATION_TYPES.map((type) => this.builtIn(type, id)));
    if (!integrationId) wanted.push(...SYSTEM_TYPES.map((type) => this.builtIn(type, null)));
    if (wanted.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      // Processes starting together would both see the system-wide rules missing: one at a time.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('alert_rules_built_in'))`);
      if (!integrationId && (await manager.existsBy(AlertRule, { builtIn: true, integrationId: IsNull() }))) {
        wanted.splice(wanted.length - SYSTEM_TYPES.length);
      }
      await manager.createQueryBuilder().insert().into(AlertRule).values(wanted).orIgnore().execute();
    });
  }

  async list(principal: Principal, integrationId?: string): Promise<AlertRuleView[]> {
    const scope = integrationId ? [integrationId] : principal.integrationIds;
    const rules = await this.rules.find({
      where: scope ? [{ integrationId: In(scope) }, { integrationId: IsNull() }] : {},
      order: { integrationId: 'ASC', type: 'ASC', createdAt: 'ASC' },
    });
    return rules.map(toRuleView);
  }

  async get(id: string): Promise<AlertRuleView> {
    return toRuleView(await this.find(id));
  }

  async create(dto: CreateAlertRuleDto, actor: Actor): Promise<AlertRuleView> {
    const rule = this.rules.create({
      name: dto.name,
      type: dto.type,
      integrationId: dto.integrationId ?? null,
      entityType: dto.entityType ?? null,
      severity: dto.severity ?? ALERT_TYPE_SPECS[dto.type].severity,
      params: dto.params ?? {},
      channelIds: dto.channelIds ?? [],
      suppressionMinutes: dto.suppressionMinutes ?? DEFAULT_SUPPRESSION_MINUTES,
      escalation: dto.escalation ?? { afterMinutes: null, channelIds: [] },
      enabled: dto.enabled ?? true,
      builtIn: false,
    });
    return this.saveAudited(rule, actor, 'alert_rule.created');
  }

  async update(id: string, dto: UpdateAlertRuleDto, actor: Actor): Promise<AlertRuleView> {
    const rule = await this.find(id);
    if (rule.builtIn && (dto.type !== undefined || dto.integrationId !== undefined)) {
      throw ApiException.invalidField(
        dto.type !== undefined ? 'type' : 'integrationId',
        'cannot change on a built-in rule',
      );
    }
    Object.assign(rule, Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)));
    return this.saveAudited(rule, actor, 'alert_rule.updated');
  }

  async remove(id: string, actor: Actor): Promise<void> {
    const rule = await this.find(id);
    if (rule.builtIn) {
      throw new ApiException('conflict', 'Built-in rules cannot be deleted; disable them instead', [
        { field: 'id', reason: 'is a built-in rule' },
      ]);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(AlertRule, id);
      await this.audit.record(actor, { action: 'alert_rule.deleted', targetType: 'alert_rule', targetId: id }, manager);
    });
  }

  /**
   * The enabled rules of these types that watch an integration (and entity, when given); without an
   * integration, every enabled rule of these types.
   */
  async watching(types: readonly AlertType[], integrationId?: string, entityType?: string): Promise<AlertRule[]> {
    const rules = await this.rules.find({
      where:
        integrationId === undefined
          ? { enabled: true, type: In(types) }
          : [
              { enabled: true, type: In(types), integrationId: IsNull() },
              { enabled: true, type: In(types), integrationId },
            ],
    });
    return rules.filter((rule) => !entityType || !rule.entityType || rule.entityType === entityType);
  }

  private builtIn(type: AlertType, integrationId: string | null): BuiltInRule {
    return {
      name: label(type),
      type,
      integrationId,
      entityType: null,
      severity: ALERT_TYPE_SPECS[type].severity,
      params: withDefaults(type),
      channelIds: [],
      suppressionMinutes: DEFAULT_SUPPRESSION_MINUTES,
      escalation: { afterMinutes: null, channelIds: [] },
      enabled: true,
      builtIn: true,
    };
  }

  private async saveAudited(rule: AlertRule, actor: Actor, action: string): Promise<AlertRuleView> {
    await this.validate(rule);
    rule.params = withDefaults(rule.type, rule.params);
    const saved = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(rule);
      await this.audit.record(
        actor,
        { action, targetType: 'alert_rule', targetId: saved.id, details: { name: saved.name, type: saved.type } },
        manager,
      );
      return saved;
    });
    return toRuleView(saved);
  }

  /** Thresholds against the type's spec, and references to integrations and channels that exist. */
  private async validate(rule: AlertRule): Promise<void> {
    const specs = ALERT_TYPE_SPECS[rule.type].params;
    const problems: ErrorDetail[] = [];
    for (const [name, value] of Object.entries(rule.params)) {
      const spec = specs[name];
      if (!spec) problems.push({ field: `params.${name}`, reason: `is not a setting of ${rule.type}` });
      else if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
        problems.push({ field: `params.${name}`, reason: `must be a number from ${spec.min} to ${spec.max}` });
      }
    }
    if (rule.integrationId && !(await this.exists('integrations', [rule.integrationId]))) {
      problems.push({ field: 'integrationId', reason: 'is not an integration' });
    }
    const channels = [...rule.channelIds, ...rule.escalation.channelIds];
    if (channels.length > 0 && !(await this.exists('notification_channels', channels))) {
      problems.push({ field: 'channelIds', reason: 'must name existing notification channels' });
    }
    if (problems.length > 0) throw ApiException.invalid(problems);
  }

  private async exists(table: 'integrations' | 'notification_channels', ids: string[]): Promise<boolean> {
    const unique = [...new Set(ids)];
    const [{ found }] = await this.dataSource.query(
      `SELECT count(*)::int AS found FROM ${table} WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    return found === unique.length;
  }

  private async find(id: string): Promise<AlertRule> {
    const rule = await this.rules.findOneBy({ id });
    if (!rule) throw ApiException.notFound('Alert rule', id);
    return rule;
  }
}
