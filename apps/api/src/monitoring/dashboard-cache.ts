import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type Redis from 'ioredis';
import { AppConfig } from '../core/config/app-config';
import { REDIS } from '../core/redis/redis.module';
import { dashboardCacheKey } from './dashboard.service';

/**
 * Drops the cached dashboards when something they show changes. Every process (API and worker) runs it
 * on its own events, so each change invalidates the shared cache once, wherever it happened.
 */
@Injectable()
export class DashboardCache {
  private readonly logger = new Logger(DashboardCache.name);
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.key = dashboardCacheKey(config.REDIS_PREFIX);
  }

  @OnEvent('session.started')
  @OnEvent('session.completed')
  @OnEvent('session.failed')
  @OnEvent('alert.fired')
  @OnEvent('alert.updated')
  @OnEvent('integration.changed')
  @OnEvent('verification.failed')
  async invalidate(): Promise<void> {
    await this.clear().catch((error: Error) => this.logger.debug(`Dashboard cache not cleared: ${error.message}`));
  }

  /** Drops every cached dashboard; returns how many there were. */
  async clear(): Promise<number> {
    const [[, entries]] = (await this.redis.multi().hlen(this.key).del(this.key).exec()) as [[null, number]];
    return entries;
  }

  entries(): Promise<number> {
    return this.redis.hlen(this.key);
  }
}

@Module({ providers: [DashboardCache], exports: [DashboardCache] })
export class DashboardCacheModule {}
