import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../core/config/app-config';
import { DEFAULT_JOB_OPTIONS } from '../core/queue/queue.module';
import { redisOptionsFromUrl } from '../core/redis/redis-options';
import { SYNC_QUEUE } from './sync.queue';

/**
 * The sync queue as request handlers use it: its connection fails fast instead of queueing commands
 * while Redis is down, so a trigger answers at once (the session is in PostgreSQL; the sweep queues it
 * later) rather than hanging. Workers keep their own, patient connection.
 */
@Injectable()
export class SyncProducer implements OnModuleInit, OnApplicationShutdown {
  readonly queue: Queue;

  constructor(config: AppConfig) {
    this.queue = new Queue(SYNC_QUEUE, {
      connection: {
        ...redisOptionsFromUrl(config.REDIS_URL),
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
      },
      prefix: config.REDIS_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    // Failures surface on each call; without a listener BullMQ rethrows connection errors as unhandled.
    this.queue.on('error', () => undefined);
  }

  /** Without an offline queue, commands sent before the first connection fail: give it a moment. */
  async onModuleInit(): Promise<void> {
    await Promise.race([
      this.queue.waitUntilReady().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
