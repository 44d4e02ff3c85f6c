import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { streamRows } from '../core/database/stream-rows';
import { SettingsService } from '../settings/settings.service';
import { RecordLogsRepository } from './record-logs.repository';

const DAY_MS = 86_400_000;
const DELETE_BATCH = 10_000;
/** Metric rollups outlive the raw data: dashboards and series reach back at least this far. */
const METRICS_MIN_RETENTION_DAYS = 90;

export interface RetentionResult {
  droppedPartitions: string[];
  archived: string[];
  deletedErrors: number;
  deletedMetricSamples: number;
  deletedMetricRollups: number;
  deletedDeliveries: number;
}

/**
 * Drops what is older than the retention period (Settings → General; RETENTION_DAYS until set there).
 * Record logs go a whole day-partition at a time (no row deletes, no bloat, no long locks on the live
 * partition); errors and metric samples, far smaller, are deleted in short batches so no transaction holds
 * locks for long, and so are sent or failed notification deliveries. Metric rollups are kept at least 90 days.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recordLogs: RecordLogsRepository,
    private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  async apply(now = new Date()): Promise<RetentionResult> {
    // Settings → General, or RETENTION_DAYS until an admin sets it there.
    const { days } = this.settings.retention();
    const cutoff = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - days * DAY_MS);
    const result: RetentionResult = {
      droppedPartitions: [],
      archived: [],
      deletedErrors: 0,
      deletedMetricSamples: 0,
      deletedMetricRollups: 0,
      deletedDeliveries: 0,
    };
    for (const partition of await this.recordLogs.partitionsEndingBy(cutoff)) {
      if (this.config.RETENTION_ARCHIVE_DIR) result.archived.push(await this.archive(partition));
      await this.recordLogs.dropPartition(partition);
      result.droppedPartitions.push(partition);
    }
    result.deletedErrors = await this.deleteOlderThan('sync_errors', 'created_at', cutoff);
    result.deletedMetricSamples = await this.deleteOlderThan('sync_metric_samples', 'recorded_at', cutoff);
    const metricsDays = Math.max(METRICS_MIN_RETENTION_DAYS, days);
    const metricsCutoff = new Date(cutoff.getTime() - (metricsDays - days) * DAY_MS);
    result.deletedMetricRollups = await this.deleteOlderThan('metric_rollups', 'bucket', metricsCutoff);
    // A pending delivery is still owed, however old: the sweep sends it or marks it failed first.
    result.deletedDeliveries = await this.deleteOlderThan(
      'notification_deliveries',
      'created_at',
      cutoff,
      `status <> 'pending'`,
    );
    this.logger.log({ cutoff, ...result }, 'Retention applied');
    return result;
  }

  private async archive(partition: string): Promise<string> {
    const directory = this.config.RETENTION_ARCHIVE_DIR!;
    await mkdir(directory, { recursive: true });
    const file = join(directory, `${partition}.jsonl.gz`);
    const rows = streamRows<Record<string, unknown>>(this.dataSource, `SELECT * FROM "${partition}" ORDER BY id`, []);
    const lines = (async function* () {
      for await (const row of rows) yield `${JSON.stringify(row)}\n`;
    })();
    await pipeline(lines, createGzip(), createWriteStream(file));
    return file;
  }

  private async deleteOlderThan(table: string, column: string, cutoff: Date, condition = 'true'): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${column} < $1 AND ${condition} LIMIT ${DELETE_BATCH})`,
        [cutoff],
      )) as [unknown, number];
      total += deleted;
      if (deleted < DELETE_BATCH) return total;
    }
  }
}
