import { ApiProperty } from '@nestjs/swagger';
import type {
  ActorView,
  BulkErrorOutcome,
  BulkErrorResponse,
  ErrorCategory,
  ErrorDetailView,
  ErrorGroupView,
  ErrorItemView,
  ErrorRetried,
  ErrorSeverity,
  ErrorStatus,
  ErrorSummaryView,
  SessionStatus,
} from '@syncline/contracts';
import { SessionResponse } from '../../sessions/dto/session.response';

class ErrorActorResponse implements ActorView {
  kind: ActorView['kind'];
  id: string | null;
  name: string;
}

class ErrorRetryResponse {
  sessionId: string;
  status: SessionStatus;
}

export class ErrorItemResponse implements ErrorItemView {
  id: string;
  sessionId: string;
  integrationId: string;
  integrationKey: string;
  entityType: string;
  category: ErrorCategory;
  severity: ErrorSeverity;
  code: string | null;
  message: string;
  retryable: boolean;
  /** Retries of the request when it happened, plus each retry of its record since. */
  retryCount: number;
  recordKey: string | null;
  status: ErrorStatus;
  /** When it was resolved or ignored. */
  resolvedAt: string | null;
  resolvedBy: ErrorActorResponse | null;
  resolutionNote: string | null;
  /** Whether Syncline ran the session: only then can the error's record be retried from here. */
  engineRun: boolean;
  lastRetry: ErrorRetryResponse | null;
  createdAt: string;
}

export class ErrorDetailResponse extends ErrorItemResponse implements ErrorDetailView {
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  request: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  response: Record<string, unknown> | null;
  stack: string | null;
  session: SessionResponse;
}

export class ErrorPageResponse {
  items: ErrorItemResponse[];
  nextCursor: string | null;
}

class ErrorGroupResponse implements ErrorGroupView {
  category: ErrorCategory;
  open: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  bySeverity: Record<ErrorSeverity, number>;
  retryable: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Severity weight (1, 2, 4, 8) × log2(1 + open) × 1 / (1 + hours since the last one / 24). */
  priority: number;
  trend: number[];
}

export class ErrorSummaryResponse implements ErrorSummaryView {
  generatedAt: string;
  open: number;
  groups: ErrorGroupResponse[];
  trendDays: string[];
}

export class ErrorRetriedResponse implements ErrorRetried {
  /** The session that runs the record again. */
  sessionId: string;
  error: ErrorItemResponse;
}

class BulkErrorFailureDetail {
  field: string;
  reason: string;
}

class BulkErrorFailure {
  statusCode: number;
  message: string;
  details: BulkErrorFailureDetail[];
}

class BulkErrorOutcomeResponse implements BulkErrorOutcome {
  id: string;
  ok: boolean;
  sessionId?: string;
  error?: BulkErrorFailure;
}

export class BulkErrorResultResponse implements BulkErrorResponse {
  results: BulkErrorOutcomeResponse[];
}
