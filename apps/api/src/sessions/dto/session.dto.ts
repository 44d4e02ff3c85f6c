import {
  SESSION_STATUSES,
  SYNC_DIRECTIONS,
  SYNC_STAGES,
  SYNC_TRIGGERS,
  type CreateSessionRequest,
  type PhaseTimings,
  type SessionCounters,
  type SessionQuery,
  type SessionStatus,
  type SyncDirection,
  type SyncStage,
  type SyncTrigger,
  type UpdateSessionRequest,
} from '@syncline/contracts';
import { IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/http/export-writer';
import { PageQueryDto } from '../../core/http/page-query.dto';

const MAX_COUNT = 2_000_000_000;

export class CreateSessionDto implements CreateSessionRequest {
  @IsUUID()
  integrationId: string;

  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be one of the integration’s entity types' })
  entityType: string;

  @IsIn(SYNC_DIRECTIONS)
  direction: SyncDirection;

  /** Defaults to `api` for API keys and `manual` for users. */
  @IsOptional()
  @IsIn(SYNC_TRIGGERS)
  trigger?: SyncTrigger;

  /** Your own id for this run; creating again with it returns the same session (like `Idempotency-Key`). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  externalRef?: string;

  @IsOptional()
  @IsIn(['queued', 'running'])
  status?: 'queued' | 'running';

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  total?: number;
}

export class SessionCountersDto implements Partial<SessionCounters> {
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COUNT) total?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COUNT) processed?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COUNT) created?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COUNT) updated?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COUNT) deleted?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COUNT) skipped?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COUNT) failed?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COUNT) conflicts?: number;
}

export class PhaseTimingsDto implements PhaseTimings {
  @IsOptional() @IsInt() @Min(0) fetch?: number;
  @IsOptional() @IsInt() @Min(0) compare?: number;
  @IsOptional() @IsInt() @Min(0) apply?: number;
  @IsOptional() @IsInt() @Min(0) verify?: number;
}

export class UpdateSessionDto implements UpdateSessionRequest {
  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @IsOptional()
  @IsIn(SYNC_STAGES)
  stage?: SyncStage;

  /** Running totals; a value lower than the stored one is ignored (counters never go backwards). */
  @IsOptional()
  @ValidateNested()
  @Type(() => SessionCountersDto)
  counters?: SessionCountersDto;

  /** Milliseconds spent per stage. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PhaseTimingsDto)
  phaseTimings?: PhaseTimingsDto;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  statusReason?: string;
}

/** The history filters, shared by the list and the export. */
export class SessionFilters implements Omit<SessionQuery, 'cursor' | 'limit'> {
  /** Sessions created at or after this time. */
  @IsOptional()
  @IsISO8601()
  from?: string;

  /** Sessions created before this time. */
  @IsOptional()
  @IsISO8601()
  to?: string;

  @IsOptional()
  @IsUUID()
  integrationId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @IsOptional()
  @IsIn(SYNC_DIRECTIONS)
  direction?: SyncDirection;

  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @IsOptional()
  @IsIn(SYNC_TRIGGERS)
  trigger?: SyncTrigger;

  /** A local or remote record key: only sessions that touched that record. */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  recordKey?: string;
}

export class SessionQueryDto extends IntersectionType(SessionFilters, PageQueryDto) implements SessionQuery {}

export class SessionExportQueryDto extends SessionFilters {
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'csv';
}

export class ExportQueryDto {
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'csv';
}
