import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobState } from 'bullmq';
import type Redis from 'ioredis';
import { AppConfig } from '../core/config/app-config';
import { DEFAULT_JOB_OPTIONS } from '../core/queue/queue.module';
import { REDIS } from '../core/redis/redis.module';
import { NOTIFICATION_JOBS, NOTIFICATIONS_QUEUE } from './notifications.queue';

/** Job states in which BullMQ will still run the job: the sweep leaves those alone. */
const LIVE_STATES: (JobState | 'unknown')[] = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'];
/** Share of each backoff delay drawn at random, so deliveries that failed together do not retry together. */
const BACKOFF_JITTER = 0.5;

/**
 * The notifications queue as dispatchers use it, in the API and the worker alike: on the shared Redis
 * client, which fails fast instead of queueing commands while Redis is down, so dispatching never hangs.
 * A delivery that could not be queued stays pending in PostgreSQL, where the worker's sweep finds it.
 */
@Injectable()
export class NotificationQueue implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {
    this.queue = new Queue(NOTIFICATIONS_QUEUE, {
      connection: redis,
      prefix: config.REDIS_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    // Failures surface on each call; without a listener BullMQ rethrows connection errors as unhandled.
    this.queue.on('error', () => undefined);
  }

  /** The job id is the delivery id: queueing a delivery twice queues it once. */
  async deliver(deliveryId: string): Promise<void> {
    // Before its first connection BullMQ would wait for Redis instead of failing: refuse at once instead.
    if (this.redis.status !== 'ready') throw new Error(`Redis is ${this.redis.status}`);
    await this.queue.add(
      NOTIFICATION_JOBS.deliver,
      { deliveryId },
      {
        jobId: deliveryId,
        attempts: this.config.NOTIFICATION_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.NOTIFICATION_RETRY_DELAY_MS, jitter: BACKOFF_JITTER },
      },
    );
  }

  /** Queues a delivery again unless BullMQ still holds a live job for it; a finished job's id would block it. */
  async requeue(deliveryId: string): Promise<boolean> {
    const state = await this.queue.getJobState(deliveryId);
    if (LIVE_STATES.includes(state)) return false;
    if (state !== 'unknown') await this.queue.remove(deliveryId);
    await this.deliver(deliveryId);
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
