import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, IntegrationScope, Principal, RequestActor } from '../auth/principal';
import type { ConnectorContext } from '../connectors/connector';
import { openConnector } from '../connectors/open-connector';
import { SecretBox } from '../core/crypto/secret-box';
import { DomainEventBus } from '../core/events/domain-events';
import { SettingsService } from '../settings/settings.service';
import { checkEntities, checkSyncSettingsOverride } from '../sync/sync-settings.schema';
import { ApiException } from '../core/errors/api-exception';
import { decodeCursor, toPage } from '../core/http/cursor';
import type { ConnectionTestResponse } from './dto/connection-test.dto';
import {
  CreateIntegrationDto,
  IntegrationPage,
  IntegrationQueryDto,
  IntegrationResponse,
  UpdateIntegrationDto,
} from './dto/integration.dto';
import { scheduleProblem } from './dto/schedule.validator';
import { Integration } from './entities/integration.entity';

const UNIQUE_VIOLATION = '23505';
/** A connection test answers at once: a side that fails is reported, not retried. */
const NO_RETRY: ConnectorContext['retry'] = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

@Injectable()
export class IntegrationsService {
  constructor(
    @InjectRepository(Integration) private readonly integrations: Repository<Integration>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
    private readonly audit: AuditService,
    private readonly events: DomainEventBus,
    private readonly settings: SettingsService,
  ) {}

  async list(query: IntegrationQueryDto, principal: Principal): Promise<IntegrationPage> {
    const builder = this.integrations
      .createQueryBuilder('integration')
      .orderBy('integration.key', 'ASC')
      .take(query.limit + 1);
    if (query.status) builder.andWhere('integration.status = :status', { status: query.status });
    if (principal.integrationIds) builder.andWhere('integration.id IN (:...ids)', { ids: principal.integrationIds });
    if (query.cursor) builder.andWhere('integration.key > :after', { after: decodeCursor(query.cursor, 1)[0] });
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (last) => [last.key], IntegrationResponse.from);
  }

  async get(id: string, principal: Principal): Promise<IntegrationResponse> {
    return IntegrationResponse.from(await this.find(id, principal));
  }

  async create(dto: CreateIntegrationDto, actor: Actor): Promise<IntegrationResponse> {
    const { credentials, ...fields } = dto;
    const integration = this.integrations.create({ ...fields, id: randomUUID(), schedule: dto.schedule ?? null });
    this.checkScheduleInterval(dto.schedule);
    checkSyncConfiguration(integration);
    this.applyCredentials(integration, credentials);
    return this.saveAudited(integration, actor, 'integration.created', { key: dto.key, credentialsSet: !!credentials });
  }

  async update(id: string, dto: UpdateIntegrationDto, actor: RequestActor): Promise<IntegrationResponse> {
    const integration = await this.find(id, actor);
    const { credentials, ...fields } = dto;
    // Only a schedule being changed: one stored before the minimum was raised keeps running.
    if (dto.schedule !== integration.schedule) this.checkScheduleInterval(dto.schedule);
    Object.assign(integration, fields);
    checkSyncConfiguration(integration);
    if (credentials !== undefined) this.applyCredentials(integration, credentials);
    const changed = [...Object.keys(fields), ...(credentials !== undefined ? ['credentials'] : [])];
    return this.saveAudited(integration, actor, 'integration.updated', { key: integration.key, changed });
  }

  async remove(id: string, actor: RequestActor): Promise<void> {
    const integration = await this.find(id, actor);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(Integration, { id });
      await this.audited(manager, actor, 'integration.deleted', id, { key: integration.key });
    });
    this.events.publish('integration.changed', { integrationId: id });
  }

  /** Opens both sides for one entity type with the stored credentials and checks each, in parallel. */
  async testConnection(
    id: string,
    entityType: string | undefined,
    principal: IntegrationScope,
  ): Promise<ConnectionTestResponse> {
    const integration = await this.find(id, principal);
    const type = entityType ?? integration.entityTypes[0];
    if (!integration.entityTypes.includes(type)) {
      throw ApiException.invalidField('entityType', `must be one of ${integration.entityTypes.join(', ')}`);
    }
    const credentials = await this.readCredentials(id);
    const check = async (side: 'local' | 'remote') => {
      const connector = openConnector(integration[side], { entityType: type, credentials, side, retry: NO_RETRY });
      try {
        return await connector.testConnection();
      } finally {
        await connector.close();
      }
    };
    const [local, remote] = await Promise.all([check('local'), check('remote')]);
    return { local, remote };
  }

  /** Decrypted credentials for the connectors; never for an API response. */
  async readCredentials(id: string): Promise<Record<string, string>> {
    const integration = await this.integrations.findOneBy({ id });
    if (!integration) throw ApiException.notFound('Integration', id);
    if (!integration.credentialsCiphertext || integration.credentialsKeyVersion === null) return {};
    const sealed = { ciphertext: integration.credentialsCiphertext, keyVersion: integration.credentialsKeyVersion };
    return JSON.parse(this.secretBox.open(sealed, integration.id)) as Record<string, string>;
  }

  /** The DTO checked the expression; the global shortest interval is a setting, so it is checked here. */
  private checkScheduleInterval(schedule: string | null | undefined): void {
    if (!schedule) return;
    const problem = scheduleProblem(schedule, this.settings.sync().minIntervalSeconds * 1000);
    if (problem) throw ApiException.invalidField('schedule', problem);
  }

  private applyCredentials(integration: Integration, credentials: Record<string, string> | null | undefined): void {
    const sealed = credentials ? this.secretBox.seal(JSON.stringify(credentials), integration.id) : null;
    integration.credentialsCiphertext = sealed?.ciphertext ?? null;
    integration.credentialsKeyVersion = sealed?.keyVersion ?? null;
    integration.credentialNames = credentials ? Object.keys(credentials).sort() : [];
    integration.credentialsRotatedAt = credentials ? new Date() : null;
  }

  private async saveAudited(
    integration: Integration,
    actor: Actor,
    action: string,
    details: Record<string, unknown>,
  ): Promise<IntegrationResponse> {
    try {
      const saved = await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(integration);
        await this.audited(manager, actor, action, saved.id, details);
        return saved;
      });
      this.events.publish('integration.changed', { integrationId: saved.id });
      return IntegrationResponse.from(saved);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ApiException('conflict', `An integration with key ${integration.key} already exists`, [
          { field: 'key', reason: 'is already taken' },
        ]);
      }
      throw error;
    }
  }

  private audited(
    manager: EntityManager,
    actor: Actor,
    action: string,
    id: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(actor, { action, targetType: 'integration', targetId: id, details }, manager);
  }

  private async find(id: string, principal: IntegrationScope): Promise<Integration> {
    const integration = await this.integrations.findOneBy({ id });
    if (!integration) throw ApiException.notFound('Integration', id);
    if (principal.integrationIds && !principal.integrationIds.includes(id)) {
      throw new ApiException('forbidden', `This API key is not allowed to use integration ${id}`);
    }
    return integration;
  }
}

/** Entity mappings and setting overrides are checked together with the entity types they refer to. */
function checkSyncConfiguration(integration: Integration): void {
  const details = [
    ...checkEntities(integration.entities ?? [], integration.entityTypes),
    ...checkSyncSettingsOverride(integration.syncSettings ?? {}, 'syncSettings'),
  ];
  if (details.length > 0) {
    throw ApiException.invalid(details);
  }
}
