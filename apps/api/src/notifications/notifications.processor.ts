import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { NotificationsService } from './notifications.service';
import { NOTIFICATION_JOBS, NOTIFICATIONS_QUEUE, type NotificationJob } from './notifications.queue';

/** Deliveries sent at once per worker: each mostly waits on a remote server. */
const CONCURRENCY = 10;
const SWEEP_EVERY_MS = 60_000;

@Processor(NOTIFICATIONS_QUEUE, { concurrency: CONCURRENCY })
export class NotificationsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue,
    private readonly notifications: NotificationsService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.on('error', (error) => this.onError(error));
    await this.queue.upsertJobScheduler(
      NOTIFICATION_JOBS.sweep,
      { every: SWEEP_EVERY_MS },
      { name: NOTIFICATION_JOBS.sweep },
    );
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`Notifications worker: ${error.message}`);
  }

  async process(job: Job): Promise<unknown> {
    const { name, data } = job as unknown as NotificationJob;
    switch (name) {
      case NOTIFICATION_JOBS.deliver:
        return this.deliver(job, data.deliveryId);
      case NOTIFICATION_JOBS.sweep:
        return { requeued: await this.notifications.requeueLost() };
    }
  }

  /** A failure the delivery records as final stops the retries; one it leaves pending is retried with backoff. */
  private async deliver(job: Job, deliveryId: string): Promise<{ status: string }> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const { delivery, error } = await this.notifications.attempt(deliveryId, lastAttempt);
    if (!error) return { status: delivery?.status ?? 'deleted' };
    this.logger.warn(`Delivery ${deliveryId} attempt ${delivery?.attempts}: ${error.message}`);
    throw delivery?.status === 'failed' ? new UnrecoverableError(error.message) : error;
  }
}
