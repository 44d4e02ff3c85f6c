import {
  MAX_RECORD_STATE_BYTES,
  RECORD_ACTIONS,
  type RecordAction,
  type RecordLogInput,
  type RecordLogView,
} from '@syncline/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/page-query.dto';
import { IsJsonObjectAtMost } from './json-size.validator';

const hasNoKey = (record: RecordLogDto) => record.localKey === undefined && record.remoteKey === undefined;

export class RecordLogDto implements RecordLogInput {
  /** Key on the local side; a record needs a local key, a remote key, or both. */
  @ValidateIf((record: RecordLogDto) => record.localKey !== undefined || hasNoKey(record))
  @IsString({ message: 'or remoteKey is required' })
  @Length(1, 500)
  localKey?: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  remoteKey?: string;

  @IsIn(RECORD_ACTIONS)
  action: RecordAction;

  /** State before the change; secret-looking fields are redacted before storage. */
  @IsOptional()
  @IsJsonObjectAtMost(MAX_RECORD_STATE_BYTES)
  before?: Record<string, unknown> | null;

  @IsOptional()
  @IsJsonObjectAtMost(MAX_RECORD_STATE_BYTES)
  after?: Record<string, unknown> | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  changedFields?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  error?: string;
}

export class RecordBatchDto {
  /** Up to 10,000 records; stored all together or not at all. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecordLogDto)
  records: RecordLogDto[];
}

export class RecordLogQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(RECORD_ACTIONS)
  action?: RecordAction;

  /** Matches the local or the remote key exactly. */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  key?: string;
}

export class RecordLogResponse implements RecordLogView {
  id: string;
  sessionId: string;
  localKey: string | null;
  remoteKey: string | null;
  action: RecordAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changedFields: string[];
  error: string | null;
  createdAt: string;
}

export class RecordLogPage {
  items: RecordLogResponse[];
  nextCursor: string | null;
}

export class AppendedRecords {
  /** How many records were stored. */
  accepted: number;
}
