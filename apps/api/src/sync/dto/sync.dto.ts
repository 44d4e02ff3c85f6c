import {
  BULK_SYNC_ACTIONS,
  SESSION_RETRY_SCOPES,
  SYNC_DIRECTIONS,
  SYNC_MODES,
  type BulkSyncAction,
  type BulkSyncOutcome,
  type BulkSyncRequest,
  type ManualSyncRequest,
  type QueuedSyncView,
  type SessionRetryScope,
  type SyncDirection,
  type SyncMode,
  type SyncProgressView,
  type SyncStatusView,
  type SyncTriggered,
} from '@syncline/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SessionResponse } from '../../sessions/dto/session.response';

const MAX_BULK = 100;

export class ManualSyncDto implements ManualSyncRequest {
  @IsUUID()
  integrationId: string;

  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be one of the integration entity types' })
  entityType: string;

  @IsIn(SYNC_DIRECTIONS)
  direction: SyncDirection;

  /** `incremental` (default) reads only what changed since the last run; `full` reads everything. */
  @IsOptional()
  @IsIn(SYNC_MODES)
  mode?: SyncMode;
}

export class RetrySessionDto {
  /** `all` (default) runs the whole sync again; `failed` only the records that failed in it. */
  @IsOptional()
  @IsIn(SESSION_RETRY_SCOPES)
  scope?: SessionRetryScope;
}

export class BulkSyncDto implements BulkSyncRequest {
  @IsIn(BULK_SYNC_ACTIONS)
  action: BulkSyncAction;

  @ValidateIf((dto: BulkSyncDto) => dto.action === 'trigger')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK)
  @ValidateNested({ each: true })
  @Type(() => ManualSyncDto)
  syncs?: ManualSyncDto[];

  @ValidateIf((dto: BulkSyncDto) => dto.action !== 'trigger')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK)
  @IsUUID('all', { each: true })
  sessionIds?: string[];

  @IsOptional()
  @IsIn(SESSION_RETRY_SCOPES)
  scope?: SessionRetryScope;
}

export class SyncTriggeredResponse implements SyncTriggered {
  sessionId: string;
  /** The BullMQ job id (the session id). */
  jobId: string;
}

export class SyncStatusResponse implements SyncStatusView {
  active: SessionResponse[];
  pending: SessionResponse[];
  failed: SessionResponse[];
}

export class SyncProgressResponse implements SyncProgressView {
  session: SessionResponse;
  percent: number | null;
  etaMs: number | null;
  cancelRequested: boolean;
}

export class QueuedSyncResponse implements QueuedSyncView {
  position: number;
  session: SessionResponse;
  estimatedWaitMs: number;
}

class BulkSyncErrorResponse {
  statusCode: number;
  message: string;
}

class BulkSyncOutcomeResponse implements BulkSyncOutcome {
  index: number;
  ok: boolean;
  sessionId?: string;
  error?: BulkSyncErrorResponse;
}

export class BulkSyncResponse {
  results: BulkSyncOutcomeResponse[];
}
