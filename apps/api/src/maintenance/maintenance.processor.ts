import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AuthService } from '../auth/auth.service';
import { MetricRollupsRepository } from '../metrics/metric-rollups.repository';
import { RecordLogsRepository } from '../sessions/record-logs.repository';
import { RetentionService, type RetentionResult } from '../sessions/retention.service';
import { MAINTENANCE_JOBS, MAINTENANCE_QUEUE, type MaintenanceJobName } from './maintenance.queue';

/** Cron patterns (UTC) of the housekeeping jobs. */
const SCHEDULES: [MaintenanceJobName, string][] = [
  [MAINTENANCE_JOBS.purgeExpiredSessions, '17 * * * *'],
  [MAINTENANCE_JOBS.prepareRecordLogPartitions, '5 0 * * *'],
  [MAINTENANCE_JOBS.applyRetention, '30 3 * * *'],
  [MAINTENANCE_JOBS.sampleQueueDepth, '* * * * *'],
];

/** Housekeeping jobs (and the minute's queue-depth sample for the metrics); schedules are upserted so they exist once however many workers start. */
@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    private readonly auth: AuthService,
    private readonly recordLogs: RecordLogsRepository,
    private readonly retention: RetentionService,
    private readonly rollups: MetricRollupsRepository,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.on('error', (error) => this.onError(error));
    for (const [name, pattern] of SCHEDULES) await this.queue.upsertJobScheduler(name, { pattern }, { name });
  }

  /** Without listeners BullMQ rethrows connection errors (Redis down, shutdown) as unhandled and kills the process. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`Maintenance worker: ${error.message}`);
  }

  async process(
    job: Job<unknown, unknown, MaintenanceJobName>,
  ): Promise<{ purged: number } | RetentionResult | { queued: number } | void> {
    switch (job.name) {
      case MAINTENANCE_JOBS.purgeExpiredSessions: {
        const purged = await this.auth.purgeExpiredSessions();
        if (purged > 0) this.logger.log(`Purged ${purged} expired sessions`);
        return { purged };
      }
      case MAINTENANCE_JOBS.prepareRecordLogPartitions:
        return this.recordLogs.prepareUpcomingPartitions();
      case MAINTENANCE_JOBS.applyRetention:
        return this.retention.apply();
      case MAINTENANCE_JOBS.sampleQueueDepth:
        return this.rollups.sampleQueueDepth(new Date(job.timestamp));
    }
  }
}
