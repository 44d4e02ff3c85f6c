import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { ApiException } from '../core/errors/api-exception';
import { ExportWriter, mapAsync } from '../core/http/export-writer';
import { UuidParam } from '../core/http/uuid-param';
import { RECORD_BATCH_SCHEMA, RecordBatchPipe, type RecordBatch } from './dto/record-batch.pipe';
import { AppendedRecords, RecordLogPage, RecordLogQueryDto } from './dto/record-log.dto';
import {
  CreateSessionDto,
  ExportQueryDto,
  SessionExportQueryDto,
  SessionQueryDto,
  UpdateSessionDto,
} from './dto/session.dto';
import { SessionDetailResponse, SessionPage, SessionResponse } from './dto/session.response';
import {
  AppendedCount,
  MetricBatchDto,
  SyncErrorBatchDto,
  SyncErrorPage,
  SyncErrorQueryDto,
} from './dto/sync-error.dto';
import { SESSION_COLUMNS, SESSION_DETAIL_COLUMNS, type SessionExportRow } from './session-export';
import { SessionsService } from './sessions.service';

@ApiTags('sessions')
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  /** Starts a session. With an `Idempotency-Key` header (or `externalRef`) a repeated request returns the same session (200). */
  @RequireRole('operator')
  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retried create return the first session',
  })
  async create(
    @Body() dto: CreateSessionDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SessionResponse> {
    if (idempotencyKey !== undefined && (idempotencyKey.length < 1 || idempotencyKey.length > 200)) {
      throw ApiException.invalidField('Idempotency-Key', 'must be 1 to 200 characters');
    }
    const { session, created } = await this.sessions.create(dto, actor, idempotencyKey);
    response.status(created ? 201 : 200);
    return session;
  }

  /** Session history, newest first: filters, record-key search, cursor pagination. */
  @Get()
  list(@Query() query: SessionQueryDto, @CurrentActor() actor: RequestActor): Promise<SessionPage> {
    return this.sessions.list(query, actor);
  }

  /** Every session matching the filters, as CSV or JSON, streamed. */
  @Get('export')
  @ApiProduces('text/csv', 'application/json')
  async exportHistory(
    @Query() query: SessionExportQueryDto,
    @CurrentActor() actor: RequestActor,
    @Res() response: Response,
  ): Promise<void> {
    const rows = this.sessions.exportHistory(query, actor);
    await ExportWriter.run(response, query.format, `sessions-${today()}`, (writer) =>
      query.format === 'csv' ? writer.csv(SESSION_COLUMNS, rows) : writer.jsonArray(rows, (session) => session),
    );
  }

  /** Sessions queued or running now. */
  @Get('current')
  current(@CurrentActor() actor: RequestActor): Promise<SessionResponse[]> {
    return this.sessions.current(actor);
  }

  @Get(':id')
  get(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<SessionDetailResponse> {
    return this.sessions.get(id, actor);
  }

  /** Reports progress: stage, counters (never lowered), timings, status (lifecycle enforced, 409 otherwise). */
  @RequireRole('operator')
  @Patch(':id')
  update(
    @UuidParam() id: string,
    @Body() dto: UpdateSessionDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<SessionResponse> {
    return this.sessions.update(id, dto, actor);
  }

  /** Logs up to 10,000 records in one all-or-nothing batch; secrets are redacted before storage. */
  @RequireRole('operator')
  @Post(':id/records')
  @HttpCode(201)
  @ApiBody({ schema: RECORD_BATCH_SCHEMA as SchemaObject })
  appendRecords(
    @UuidParam() id: string,
    @Body(RecordBatchPipe) batch: RecordBatch,
    @CurrentActor() actor: RequestActor,
  ): Promise<AppendedRecords> {
    return this.sessions.appendRecords(id, batch, actor);
  }

  /** One session with all its records and errors, as CSV (a `kind` column) or JSON, streamed. */
  @Get(':id/export')
  @ApiProduces('text/csv', 'application/json')
  async exportSession(
    @UuidParam() id: string,
    @Query() query: ExportQueryDto,
    @CurrentActor() actor: RequestActor,
    @Res() response: Response,
  ): Promise<void> {
    const { session, records, errors } = await this.sessions.exportSession(id, actor);
    await ExportWriter.run(response, query.format, `session-${id}`, async (writer) => {
      if (query.format === 'csv') {
        await writer.csv(
          SESSION_DETAIL_COLUMNS,
          mapAsync(records, (record): SessionExportRow => ({ kind: 'record', record })),
        );
        await writer.csv(
          SESSION_DETAIL_COLUMNS,
          mapAsync(errors, (error): SessionExportRow => ({ kind: 'error', error })),
          false,
        );
        return;
      }
      await writer.write(`{"session":${JSON.stringify(session)},\n"records":`);
      await writer.jsonArray(records, (record) => record);
      await writer.write(',\n"errors":');
      await writer.jsonArray(errors, (error) => error);
      await writer.write('}');
    });
  }

  @Get(':id/records')
  listRecords(
    @UuidParam() id: string,
    @Query() query: RecordLogQueryDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<RecordLogPage> {
    return this.sessions.listRecords(id, query, actor);
  }

  @RequireRole('operator')
  @Post(':id/errors')
  @HttpCode(201)
  addErrors(
    @UuidParam() id: string,
    @Body() batch: SyncErrorBatchDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<AppendedCount> {
    return this.sessions.addErrors(id, batch, actor);
  }

  @Get(':id/errors')
  listErrors(
    @UuidParam() id: string,
    @Query() query: SyncErrorQueryDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<SyncErrorPage> {
    return this.sessions.listErrors(id, query, actor);
  }

  /** Performance samples: API latency, throughput, phase durations, queue depth, cache hit rate. */
  @RequireRole('operator')
  @Post(':id/metrics')
  @HttpCode(201)
  addMetrics(
    @UuidParam() id: string,
    @Body() batch: MetricBatchDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<AppendedCount> {
    return this.sessions.addMetrics(id, batch, actor);
  }
}

const today = () => new Date().toISOString().slice(0, 10);
