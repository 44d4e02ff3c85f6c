import { ROLES, type ApiKeyView, type CreateApiKeyRequest, type CreatedApiKey, type Role } from '@syncline/contracts';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { ApiKey } from '../entities/api-key.entity';

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @IsString()
  @Length(1, 100)
  name: string;

  /** Defaults to `operator`, enough to report and run syncs. */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** Limit the key to these integrations; omit for all. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  integrationIds?: string[];

  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class ApiKeyResponse implements ApiKeyView {
  id: string;
  name: string;
  keyPreview: string;
  role: Role;
  integrationIds: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;

  static from(key: ApiKey): ApiKeyResponse {
    return {
      id: key.id,
      name: key.name,
      keyPreview: key.keyPreview,
      role: key.role,
      integrationIds: key.integrationIds,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse implements CreatedApiKey {
  /** The raw key: shown this once, store it now. */
  key: string;
}
