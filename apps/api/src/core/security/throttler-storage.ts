import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in Redis, shared by every API instance and namespaced by REDIS_PREFIX.
 * When Redis is unreachable requests are let through: rate limiting must not take the API down with it.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly storage: ThrottlerStorageRedisService;
  private readonly prefix: string;

  constructor(redis: Redis, redisPrefix: string) {
    this.storage = new ThrottlerStorageRedisService(redis);
    this.prefix = `${redisPrefix}:throttle:`;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    name: string,
  ): Promise<ThrottlerRecord> {
    try {
      return await this.storage.increment(this.prefix + key, ttl, limit, blockDuration, name);
    } catch (error) {
      this.logger.warn(`Rate limiting skipped, Redis did not answer: ${(error as Error).message}`);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
