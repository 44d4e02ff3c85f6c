import {
  ERROR_CATEGORIES,
  ERROR_SEVERITIES,
  ERROR_STATUSES,
  type ErrorCategory,
  type ErrorQuery,
  type ErrorSeverity,
  type ErrorStatus,
  type ErrorSummaryQuery,
} from '@syncline/contracts';
import { IntersectionType } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../core/http/page-query.dto';

/** The filters the summary and the list share. */
export class ErrorSummaryQueryDto implements ErrorSummaryQuery {
  @IsOptional()
  @IsUUID()
  integrationId?: string;

  /** Errors reported at or after this time. */
  @IsOptional()
  @IsISO8601()
  from?: string;

  /** Errors reported before this time. */
  @IsOptional()
  @IsISO8601()
  to?: string;
}

export class ErrorQueryDto extends IntersectionType(ErrorSummaryQueryDto, PageQueryDto) implements ErrorQuery {
  @IsOptional()
  @IsIn(ERROR_STATUSES)
  status?: ErrorStatus;

  @IsOptional()
  @IsIn(ERROR_CATEGORIES)
  category?: ErrorCategory;

  @IsOptional()
  @IsIn(ERROR_SEVERITIES)
  severity?: ErrorSeverity;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @IsOptional()
  @IsUUID()
  sessionId?: string;

  /** The key of the record the error is about, exactly. */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  recordKey?: string;

  /** Part of the message or the code, case-insensitive. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
