import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { LOGIN_THROTTLED } from './login-throttled';
import { RedisThrottlerStorage } from './throttler-storage';

const MINUTE_MS = 60_000;

/** Per-client rate limits: a general one on every route and a strict one on sign-in. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis) => ({
        storage: new RedisThrottlerStorage(redis, config.REDIS_PREFIX),
        throttlers: [
          { name: 'default', ttl: MINUTE_MS, limit: config.RATE_LIMIT_PER_MINUTE },
          {
            name: 'login',
            ttl: MINUTE_MS,
            limit: config.LOGIN_ATTEMPTS_PER_MINUTE,
            skipIf: (context) => Reflect.getMetadata(LOGIN_THROTTLED, context.getHandler()) !== true,
          },
        ],
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class SecurityModule {}
