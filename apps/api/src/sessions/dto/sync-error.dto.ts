import {
  ERROR_CATEGORIES,
  ERROR_SEVERITIES,
  METRIC_NAMES,
  type ErrorCategory,
  type ErrorSeverity,
  type MetricName,
  type MetricSampleInput,
  type SyncErrorInput,
  type SyncErrorView,
} from '@syncline/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/page-query.dto';
import type { SyncError } from '../entities/sync-error.entity';
import { IsJsonObjectAtMost } from './json-size.validator';

const EXCERPT_BYTES = 16 * 1024;

export class SyncErrorDto implements SyncErrorInput {
  @IsIn(ERROR_CATEGORIES)
  category: ErrorCategory;

  /** Defaults to `error`. */
  @IsOptional()
  @IsIn(ERROR_SEVERITIES)
  severity?: ErrorSeverity;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  code?: string;

  @IsString()
  @Length(1, 5000)
  message: string;

  /** Defaults by category: network, timeout, rate_limit and remote_server errors are retryable. */
  @IsOptional()
  @IsBoolean()
  retryable?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  retryCount?: number;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  recordKey?: string;

  /** An excerpt of the request (method, url, headers, body); secrets are redacted. */
  @IsOptional()
  @IsJsonObjectAtMost(EXCERPT_BYTES)
  request?: Record<string, unknown>;

  @IsOptional()
  @IsJsonObjectAtMost(EXCERPT_BYTES)
  response?: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  stack?: string;
}

export class SyncErrorBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => SyncErrorDto)
  errors: SyncErrorDto[];
}

export class SyncErrorQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ERROR_CATEGORIES)
  category?: ErrorCategory;

  @IsOptional()
  @IsIn(ERROR_SEVERITIES)
  severity?: ErrorSeverity;
}

export class SyncErrorResponse implements SyncErrorView {
  id: string;
  sessionId: string;
  integrationId: string;
  category: ErrorCategory;
  severity: ErrorSeverity;
  code: string | null;
  message: string;
  retryable: boolean;
  retryCount: number;
  recordKey: string | null;
  request: Record<string, unknown> | null;
  response: Record<string, unknown> | null;
  stack: string | null;
  resolvedAt: string | null;
  createdAt: string;

  static from(error: SyncError): SyncErrorResponse {
    return {
      id: error.id,
      sessionId: error.sessionId,
      integrationId: error.integrationId,
      category: error.category,
      severity: error.severity,
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      retryCount: error.retryCount,
      recordKey: error.recordKey,
      request: error.request,
      response: error.response,
      stack: error.stack,
      resolvedAt: error.resolvedAt?.toISOString() ?? null,
      createdAt: error.createdAt.toISOString(),
    };
  }
}

export class SyncErrorPage {
  items: SyncErrorResponse[];
  nextCursor: string | null;
}

export class MetricSampleDto implements MetricSampleInput {
  @IsIn(METRIC_NAMES)
  name: MetricName;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @IsOptional()
  @IsJsonObjectAtMost(2048)
  labels?: Record<string, string>;

  /** When it was measured; defaults to now. */
  @IsOptional()
  @IsISO8601({ strict: true })
  recordedAt?: string;
}

export class MetricBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => MetricSampleDto)
  samples: MetricSampleDto[];
}

export class AppendedCount {
  accepted: number;
}
