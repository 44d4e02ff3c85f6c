import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import { In, IsNull, Not, type Repository } from 'typeorm';
import { ApiException } from '../core/errors/api-exception';
import { Integration } from '../integrations/entities/integration.entity';
import { SyncSession } from '../sessions/entities/sync-session.entity';
import { SettingsService } from '../settings/settings.service';
import { SyncEngine } from './sync-engine';
import { SyncSchedules } from './sync-schedules';
import { SYNC_JOBS, SYNC_QUEUE, type SyncJob } from './sync.queue';
import { SYSTEM } from '../auth/principal';
import { SyncService } from './sync.service';

/**
 * How long a worker holds a job before others may take it over: a killed worker's sync is picked up
 * again after at most about twice this. Read at start, as BullMQ fixes it when the worker is created.
 */
const LOCK_DURATION_MS = Number(process.env.SYNC_JOB_LOCK_MS ?? 30_000);

@Processor(SYNC_QUEUE, { lockDuration: LOCK_DURATION_MS, stalledInterval: LOCK_DURATION_MS, maxStalledCount: 5 })
export class SyncProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SyncProcessor.name);

  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    @InjectRepository(SyncSession) private readonly sessions: Repository<SyncSession>,
    @InjectRepository(Integration) private readonly integrations: Repository<Integration>,
    private readonly engine: SyncEngine,
    private readonly sync: SyncService,
    private readonly schedules: SyncSchedules,
    private readonly settings: SettingsService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.on('error', (error) => this.onError(error));
    this.worker.concurrency = this.settings.sync().workerConcurrency;
    this.settings.onChange((settings) => (this.worker.concurrency = settings.workerConcurrency));
    await this.queue.upsertJobScheduler(SYNC_JOBS.sweep, { every: 60_000 }, { name: SYNC_JOBS.sweep });
    // Both run again later (on integration changes, every minute): a Redis hiccup at start is not fatal.
    await this.schedules.reconcile().catch((error: Error) => this.logger.warn(`Schedules: ${error.message}`));
    await this.sweep().catch((error: Error) => this.logger.warn(`Sweep: ${error.message}`));
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`Sync worker: ${error.message}`);
  }

  async process(job: Job): Promise<unknown> {
    const { name, data } = job as unknown as SyncJob;
    switch (name) {
      case SYNC_JOBS.run:
        return { status: await this.engine.run(data.sessionId) };
      case SYNC_JOBS.scheduled:
        return this.scheduled(data.integrationId, data.entityType);
      case SYNC_JOBS.retryFailed:
        return this.sync.retry(data.sessionId, 'failed', SYSTEM);
      case SYNC_JOBS.sweep:
        return { requeued: await this.sweep() };
    }
  }

  /** A schedule that fires while the previous run is still going skips this turn. */
  private async scheduled(integrationId: string, entityType: string): Promise<unknown> {
    const integration = await this.integrations.findOneBy({ id: integrationId });
    const entity = integration?.entities.find((candidate) => candidate.entityType === entityType);
    if (!integration || !entity) return { skipped: 'no longer configured' };
    try {
      const request = {
        integrationId,
        entityType,
        direction: entity.direction ?? 'bidirectional',
        mode: 'incremental' as const,
      };
      return await this.sync.trigger(request, SYSTEM, { trigger: 'scheduled' });
    } catch (error) {
      if (error instanceof ApiException && error.code === 'conflict') return { skipped: error.message };
      throw error;
    }
  }

  /** Queues again the syncs PostgreSQL holds as queued or running that Redis has no live job for. */
  private async sweep(): Promise<number> {
    const open = await this.sessions.find({
      where: { status: In(['queued', 'running']), mode: Not(IsNull()) },
      select: { id: true },
    });
    let requeued = 0;
    for (const { id } of open) {
      const job = await this.queue.getJob(id);
      const state = job ? await job.getState() : 'missing';
      if (['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'].includes(state)) continue;
      await job?.remove();
      await this.sync.enqueue(id);
      requeued++;
    }
    if (requeued > 0) this.logger.warn(`Re-queued ${requeued} syncs that Redis had lost`);
    return requeued;
  }
}
