import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  INTEGRATION_STATUSES,
  type CreateIntegrationRequest,
  type EntitySyncSettings,
  type IntegrationStatus,
  type IntegrationView,
  type Page,
  type SyncSettingsOverride,
  type UpdateIntegrationRequest,
} from '@syncline/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/page-query.dto';
import type { Integration } from '../entities/integration.entity';
import { ConnectorConfigProperty, type ConnectorDto } from './connector-config.dto';
import { IsCredentialMap } from './credentials.validator';
import { IsSchedule } from './schedule.validator';

export class CreateIntegrationDto implements CreateIntegrationRequest {
  /** Unique slug used in URLs and by integration programs, e.g. `easycars-stock`. */
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'must be 2-63 lower-case letters, digits or dashes' })
  key: string;

  @IsString()
  @Length(1, 200)
  name: string;

  /** The external system, e.g. `easycars`, `google-ads`, `spreadsheet`. */
  @IsString()
  @Length(1, 100)
  provider: string;

  @IsOptional()
  @IsIn(INTEGRATION_STATUSES)
  status?: IntegrationStatus;

  @ConnectorConfigProperty()
  local: ConnectorDto;

  @ConnectorConfigProperty()
  remote: ConnectorDto;

  /** Kinds of record synced, e.g. `vehicle`, `lead`. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { each: true, message: 'each entity type must be a lower-case slug' })
  entityTypes: string[];

  /** Cron expression in UTC (5 or 6 fields, at most once a minute); null for manual syncs only. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsSchedule()
  schedule?: string | null;

  /** Record fields to blank in record logs, besides built-in secret names; `*` globs allowed (`*_iban`). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[A-Za-z0-9_.*-]{1,100}$/, { each: true, message: 'each field must be a name or a * glob' })
  redactedFields?: string[];

  /**
   * Per entity type: key fields on each side, field mappings each way (`toLocal`, `toRemote`) with their
   * transforms, conflict strategy and integrity rules. Checked against a JSON Schema; see docs/sync-engine.md.
   */
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsOptional()
  @IsArray()
  entities?: EntitySyncSettings[];

  /** Overrides of the global sync configuration for this integration (batch size, retry policy, …). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  syncSettings?: SyncSettingsOverride;

  /** Write-only secrets (tokens, passwords), encrypted at rest and never returned. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, writeOnly: true })
  @IsOptional()
  @IsCredentialMap()
  credentials?: Record<string, string>;
}

export class UpdateIntegrationDto
  extends PartialType(OmitType(CreateIntegrationDto, ['credentials'] as const))
  implements UpdateIntegrationRequest
{
  /** New credentials replace the old ones entirely; null removes them. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, nullable: true, writeOnly: true })
  @IsOptional()
  @IsCredentialMap()
  credentials?: Record<string, string> | null;
}

export class IntegrationQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(INTEGRATION_STATUSES)
  status?: IntegrationStatus;
}

export class IntegrationResponse implements IntegrationView {
  id: string;
  key: string;
  name: string;
  provider: string;
  status: IntegrationStatus;
  @ConnectorConfigProperty()
  local: ConnectorDto;
  @ConnectorConfigProperty()
  remote: ConnectorDto;
  entityTypes: string[];
  schedule: string | null;
  redactedFields: string[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  entities: EntitySyncSettings[];
  @ApiProperty({ type: 'object', additionalProperties: true })
  syncSettings: SyncSettingsOverride;
  credentialsSet: boolean;
  credentialNames: string[];
  credentialsRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;

  static from(integration: Integration): IntegrationResponse {
    return {
      id: integration.id,
      key: integration.key,
      name: integration.name,
      provider: integration.provider,
      status: integration.status,
      local: integration.local as ConnectorDto,
      remote: integration.remote as ConnectorDto,
      entityTypes: integration.entityTypes,
      schedule: integration.schedule,
      redactedFields: integration.redactedFields,
      entities: integration.entities,
      syncSettings: integration.syncSettings,
      credentialsSet: integration.credentialsCiphertext !== null,
      credentialNames: integration.credentialNames,
      credentialsRotatedAt: integration.credentialsRotatedAt?.toISOString() ?? null,
      createdAt: integration.createdAt.toISOString(),
      updatedAt: integration.updatedAt.toISOString(),
    };
  }
}

export class IntegrationPage implements Page<IntegrationView> {
  items: IntegrationResponse[];
  nextCursor: string | null;
}
