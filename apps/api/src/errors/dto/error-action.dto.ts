import {
  ERROR_ACTIONS,
  MAX_BULK_ERRORS,
  MAX_ERROR_NOTE_LENGTH,
  type BulkErrorRequest,
  type ErrorAction,
  type ErrorNoteRequest,
} from '@syncline/contracts';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ERROR_ID } from './error-id.param';

export class ErrorNoteDto implements ErrorNoteRequest {
  /** Why it was resolved or ignored; kept with the error and in the audit trail. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ERROR_NOTE_LENGTH)
  note?: string;
}

export class BulkErrorDto extends ErrorNoteDto implements BulkErrorRequest {
  /** Error ids; each succeeds or fails on its own. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ERRORS)
  @IsString({ each: true })
  @Matches(ERROR_ID, { each: true, message: 'must hold error ids' })
  ids: string[];

  @IsIn(ERROR_ACTIONS)
  action: ErrorAction;
}
