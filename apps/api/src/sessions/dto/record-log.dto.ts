import { RECORD_ACTIONS, type RecordAction, type RecordLogView } from '@syncline/contracts';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../core/http/page-query.dto';

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
  /** For a create or a delete logged without them, the fields of its `after` or `before` state. */
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
