import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AuthService } from '../auth/auth.service';
import { MAINTENANCE_JOBS, MAINTENANCE_QUEUE, type MaintenanceJobName } from './maintenance.queue';

/** Housekeeping jobs; schedules are upserted so they exist once however many workers start. */
@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    private readonly auth: AuthService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.on('error', (error) => this.onError(error));
    await this.queue.upsertJobScheduler(
      MAINTENANCE_JOBS.purgeExpiredSessions,
      { pattern: '17 * * * *' },
      { name: MAINTENANCE_JOBS.purgeExpiredSessions },
    );
  }

  /** Without listeners BullMQ rethrows connection errors (Redis down, shutdown) as unhandled and kills the process. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`Maintenance worker: ${error.message}`);
  }

  async process(job: Job<unknown, unknown, MaintenanceJobName>): Promise<{ purged: number }> {
    switch (job.name) {
      case MAINTENANCE_JOBS.purgeExpiredSessions: {
        const purged = await this.auth.purgeExpiredSessions();
        if (purged > 0) this.logger.log(`Purged ${purged} expired sessions`);
        return { purged };
      }
    }
  }
}
