import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEFAULT_SYNC_SETTINGS,
  type ConfigView,
  type RetentionSettings,
  type SyncSettings,
  type UpdateConfigRequest,
} from '@syncline/contracts';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/principal';
import { AppConfig } from '../core/config/app-config';
import { ApiException } from '../core/errors/api-exception';
import { REDIS } from '../core/redis/redis.module';
import { checkSyncSettings } from '../sync/sync-settings.schema';

const SYNC_KEY = 'sync';
const RETENTION_KEY = 'retention';

/**
 * The global configuration: sync settings and retention. PostgreSQL holds it; every process keeps a copy and reloads it when
 * another process announces a change on a Redis channel, so a change applies everywhere without restart.
 */
@Injectable()
export class SettingsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SettingsService.name);
  private current: SyncSettings = DEFAULT_SYNC_SETTINGS;
  private retentionSettings: RetentionSettings;
  private readonly listeners = new Set<(settings: SyncSettings) => void>();
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.channel = `${config.REDIS_PREFIX}:config-changed`;
    this.retentionSettings = { days: config.RETENTION_DAYS };
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    // A subscribed connection can do nothing else, and must queue its SUBSCRIBE until Redis is back.
    this.subscriber = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Config channel: ${error.message}`));
    this.subscriber.on('message', () => void this.reload().catch((error: Error) => this.logger.error(error.message)));
    void this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(error.message));
  }

  onApplicationShutdown(): void {
    // A subscriber has nothing to flush; quitting would wait for a Redis that may be down.
    this.subscriber?.disconnect();
  }

  sync(): SyncSettings {
    return this.current;
  }

  /** Called with the new settings whenever they change, in this process or another. */
  onChange(listener: (settings: SyncSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Until an admin sets it, RETENTION_DAYS from the environment. */
  retention(): RetentionSettings {
    return this.retentionSettings;
  }

  view(): ConfigView {
    return { sync: this.current, retention: this.retentionSettings };
  }

  /** Replaces the parts given, audited; every process applies them within a moment. */
  async update(changes: UpdateConfigRequest, actor: Actor): Promise<ConfigView> {
    const details = changes.sync ? checkSyncSettings(changes.sync, 'sync') : [];
    if (details.length > 0) throw ApiException.invalid(details);
    const changed = [
      ...changedNames(changes.sync, this.current),
      ...changedNames(changes.retention, this.retentionSettings).map((name) => `retention.${name}`),
    ];
    const stored: [string, object | undefined][] = [
      [SYNC_KEY, changes.sync],
      [RETENTION_KEY, changes.retention],
    ];
    await this.dataSource.transaction(async (manager) => {
      for (const [key, value] of stored) {
        if (value === undefined) continue;
        await manager.query(
          `INSERT INTO app_settings (key, value) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
          [key, value],
        );
      }
      await this.audit.record(
        actor,
        { action: 'config.updated', targetType: 'config', targetId: SYNC_KEY, details: { changed } },
        manager,
      );
    });
    await this.reload();
    // Other processes reload on the announcement; when Redis is down they still load it at their next start.
    await this.redis
      .publish(this.channel, SYNC_KEY)
      .catch((error: Error) => this.logger.warn(`Config not announced: ${error.message}`));
    return this.view();
  }

  private async reload(): Promise<void> {
    const rows: { key: string; value: object }[] = await this.dataSource.query(
      'SELECT key, value FROM app_settings WHERE key = ANY($1)',
      [[SYNC_KEY, RETENTION_KEY]],
    );
    const value = (key: string) => rows.find((row) => row.key === key)?.value;
    const stored = (value(SYNC_KEY) ?? {}) as Partial<SyncSettings>;
    this.current = { ...DEFAULT_SYNC_SETTINGS, ...stored, retry: { ...DEFAULT_SYNC_SETTINGS.retry, ...stored.retry } };
    this.retentionSettings = (value(RETENTION_KEY) as RetentionSettings | undefined) ?? {
      days: this.config.RETENTION_DAYS,
    };
    for (const listener of this.listeners) listener(this.current);
  }
}

/** The top-level names whose values differ, for the audit entry. */
function changedNames<T extends object>(next: T | undefined, before: T): string[] {
  if (!next) return [];
  return Object.keys(next).filter(
    (name) => JSON.stringify(next[name as keyof T]) !== JSON.stringify(before[name as keyof T]),
  );
}
