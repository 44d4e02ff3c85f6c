import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { UuidParam } from '../core/http/uuid-param';
import { SessionResponse } from '../sessions/dto/session.response';
import {
  BulkSyncDto,
  BulkSyncResponse,
  ManualSyncDto,
  QueuedSyncResponse,
  RetrySessionDto,
  SyncProgressResponse,
  SyncStatusResponse,
  SyncTriggeredResponse,
} from './dto/sync.dto';
import { MappingPreviewDto, MappingPreviewResponse } from './dto/mapping-preview.dto';
import { MappingPreviewService } from './mapping-preview.service';
import { actorTrigger, SyncService } from './sync.service';

@ApiTags('sync')
@Controller()
export class SyncController {
  constructor(
    private readonly sync: SyncService,
    private readonly mappings: MappingPreviewService,
  ) {}

  /** Queues a sync of one integration entity: 202 with the session; 409 naming the session already queued or running. */
  @RequireRole('operator')
  @Post('sync/manual')
  @HttpCode(202)
  manual(@Body() dto: ManualSyncDto, @CurrentActor() actor: RequestActor): Promise<SyncTriggeredResponse> {
    return this.sync.trigger(dto, actor, { trigger: actorTrigger(actor) });
  }

  /** Stops a sync: a queued one at once, a running one at its next batch boundary (status `cancelled`). */
  @RequireRole('operator')
  @Post('sync/cancel/:id')
  @HttpCode(202)
  cancel(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<SessionResponse> {
    return this.sync.cancel(id, actor);
  }

  /** Running and queued syncs, and those that failed (or ended partial or timed out) in the last 24 hours. */
  @Get('sync/status')
  status(@CurrentActor() actor: RequestActor): Promise<SyncStatusResponse> {
    return this.sync.status(actor);
  }

  @Get('sync/progress/:id')
  progress(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<SyncProgressResponse> {
    return this.sync.progress(id, actor);
  }

  /** Queued syncs with their position and estimated wait (from recent run durations and worker concurrency). */
  @Get('sync/queue')
  queue(@CurrentActor() actor: RequestActor): Promise<QueuedSyncResponse[]> {
    return this.sync.pending(actor);
  }

  /** Triggers, cancels or retries up to 100 syncs; each item succeeds or fails on its own. */
  @RequireRole('operator')
  @Post('sync/bulk')
  @HttpCode(200)
  async bulk(@Body() dto: BulkSyncDto, @CurrentActor() actor: RequestActor): Promise<BulkSyncResponse> {
    return { results: await this.sync.bulk(dto, actor) };
  }

  /** Runs a finished sync again (`scope: all`) or only its failed records (`scope: failed`), as a new session. */
  @RequireRole('operator')
  @Post('sessions/:id/retry')
  @HttpCode(202)
  retry(
    @UuidParam() id: string,
    @Body() dto: RetrySessionDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<SyncTriggeredResponse> {
    return this.sync.retry(id, dto.scope ?? 'all', actor);
  }

  /** A sample of records before and after a mapping (the saved one, or one being edited); nothing is written. */
  @RequireRole('operator')
  @Post('integrations/:id/mappings/preview')
  @HttpCode(200)
  async previewMapping(
    @UuidParam() id: string,
    @Body() dto: MappingPreviewDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<MappingPreviewResponse> {
    return { items: await this.mappings.preview(id, dto, actor) };
  }
}
