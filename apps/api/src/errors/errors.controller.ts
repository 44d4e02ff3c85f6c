import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { BulkErrorDto, ErrorNoteDto } from './dto/error-action.dto';
import { ErrorIdParam } from './dto/error-id.param';
import { ErrorQueryDto, ErrorSummaryQueryDto } from './dto/error-query.dto';
import {
  BulkErrorResultResponse,
  ErrorDetailResponse,
  ErrorItemResponse,
  ErrorPageResponse,
  ErrorRetriedResponse,
  ErrorSummaryResponse,
} from './dto/error.response';
import { ErrorsService } from './errors.service';

@ApiTags('errors')
@Controller('errors')
export class ErrorsController {
  constructor(private readonly errors: ErrorsService) {}

  /** Sync errors of every session, newest first: filters, message search, cursor pagination. */
  @Get()
  list(@Query() query: ErrorQueryDto, @CurrentActor() actor: RequestActor): Promise<ErrorPageResponse> {
    return this.errors.list(query, actor);
  }

  /** Open errors by category, most urgent first (severity × frequency × recency), with 30 days of daily counts. */
  @Get('summary')
  summary(@Query() query: ErrorSummaryQueryDto, @CurrentActor() actor: RequestActor): Promise<ErrorSummaryResponse> {
    return this.errors.summary(query, actor);
  }

  /** Retries, resolves or ignores up to 500 errors; each succeeds or fails on its own. */
  @RequireRole('operator')
  @Post('bulk')
  @HttpCode(200)
  async bulk(@Body() dto: BulkErrorDto, @CurrentActor() actor: RequestActor): Promise<BulkErrorResultResponse> {
    return { results: await this.errors.bulk(dto.ids, dto.action, actor, dto.note) };
  }

  /** One error with its request and response excerpts, stack trace and session. */
  @Get(':id')
  get(@ErrorIdParam() id: string, @CurrentActor() actor: RequestActor): Promise<ErrorDetailResponse> {
    return this.errors.get(id, actor);
  }

  /**
   * Runs the error's record again: a retry of its session limited to that record (202). 409 while a sync
   * of the entity is queued or running; 422 when the error names no record or its session was reported.
   */
  @RequireRole('operator')
  @Post(':id/retry')
  @HttpCode(202)
  retry(@ErrorIdParam() id: string, @CurrentActor() actor: RequestActor): Promise<ErrorRetriedResponse> {
    return this.errors.retry(id, actor);
  }

  @RequireRole('operator')
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @ErrorIdParam() id: string,
    @Body() body: ErrorNoteDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<ErrorItemResponse> {
    return this.errors.close(id, 'resolve', actor, body.note);
  }

  /** Not worth acting on: leaves the open list, stays findable with `status=ignored`. */
  @RequireRole('operator')
  @Post(':id/ignore')
  @HttpCode(200)
  ignore(
    @ErrorIdParam() id: string,
    @Body() body: ErrorNoteDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<ErrorItemResponse> {
    return this.errors.close(id, 'ignore', actor, body.note);
  }
}
