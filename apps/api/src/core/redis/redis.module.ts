import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { redisOptionsFromUrl } from './redis-options';

export const REDIS = Symbol('REDIS');

/**
 * A shared client for request-path work (health, rate limits). It fails fast instead of queueing
 * commands while Redis is down, so callers answer 503 at once rather than hang.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const redis = new Redis({
          ...redisOptionsFromUrl(config.REDIS_URL),
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
        });
        // Without an offline queue, commands sent before the first connection fail: wait for it briefly,
        // but start anyway when Redis is down (health reports it and the client keeps reconnecting).
        redis.on('error', () => undefined);
        await Promise.race([
          once(redis, 'ready').catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 2000).unref()),
        ]);
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
