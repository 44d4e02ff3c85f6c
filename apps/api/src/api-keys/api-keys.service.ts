import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { API_KEY_PREFIX } from '@syncline/contracts';
import { DataSource, In, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, Principal } from '../auth/principal';
import { digestToken, generateToken } from '../core/crypto/tokens';
import { ApiException } from '../core/errors/api-exception';
import { Integration } from '../integrations/entities/integration.entity';
import { ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './dto/api-key.dto';
import { ApiKey } from './entities/api-key.entity';

/** `lastUsedAt` is written at most this often per key, so busy integrations do not write on every call. */
const LAST_USED_PRECISION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ApiKeyResponse[]> {
    return (await this.keys.find({ order: { createdAt: 'DESC' } })).map(ApiKeyResponse.from);
  }

  async create(dto: CreateApiKeyDto, actor: Actor): Promise<CreatedApiKeyResponse> {
    const integrationIds = dto.integrationIds ? [...new Set(dto.integrationIds)] : null;
    if (integrationIds) await this.assertIntegrationsExist(integrationIds);
    const key = generateToken(API_KEY_PREFIX);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ApiKey, {
          name: dto.name,
          role: dto.role ?? 'operator',
          integrationIds,
          keyDigest: digestToken(key),
          keyPreview: `${key.slice(0, API_KEY_PREFIX.length + 6)}…`,
          createdBy: actor.kind === 'user' ? actor.id : null,
          expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null,
        }),
      );
      await this.audit.record(
        actor,
        {
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: saved.id,
          details: { name: saved.name, role: saved.role, integrationIds },
        },
        manager,
      );
      return { ...ApiKeyResponse.from(saved), key };
    });
  }

  async revoke(id: string, actor: Actor): Promise<void> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw ApiException.notFound('API key', id);
    if (key.revokedAt) return;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(ApiKey, id, { revokedAt: new Date() });
      await this.audit.record(
        actor,
        { action: 'api_key.revoked', targetType: 'api_key', targetId: id, details: { name: key.name } },
        manager,
      );
    });
  }

  async authenticate(rawKey: string): Promise<Principal | null> {
    const key = await this.keys.findOneBy({ keyDigest: digestToken(rawKey) });
    const now = new Date();
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
      await this.keys.update(key.id, { lastUsedAt: now });
    }
    return { kind: 'api_key', id: key.id, name: key.name, role: key.role, integrationIds: key.integrationIds };
  }

  private async assertIntegrationsExist(ids: string[]): Promise<void> {
    const found = await this.dataSource.getRepository(Integration).findBy({ id: In(ids) });
    const missing = ids.filter((id) => !found.some((integration) => integration.id === id));
    if (missing.length > 0) {
      throw ApiException.invalidField('integrationIds', `names integrations that do not exist: ${missing.join(', ')}`);
    }
  }
}
