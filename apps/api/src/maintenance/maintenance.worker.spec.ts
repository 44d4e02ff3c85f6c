import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { QueueEvents, type Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { redisOptionsFromUrl } from '../core/redis/redis-options';
import { RecordLogsRepository } from '../sessions/record-logs.repository';
import { dropIsolated, isolatedEnv } from '../test/test-app';
import { WorkerModule } from '../worker.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { MAINTENANCE_JOBS, MAINTENANCE_QUEUE } from './maintenance.queue';

describe('the worker process', () => {
  const archiveDir = mkdtempSync(join(tmpdir(), 'syncline-archive-'));
  const env = isolatedEnv({ RETENTION_DAYS: '90', RETENTION_ARCHIVE_DIR: archiveDir });
  let worker: INestApplicationContext;
  let queue: Queue;
  let events: QueueEvents;
  let dataSource: DataSource;

  beforeAll(async () => {
    Object.assign(process.env, env);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    queue = worker.get(getQueueToken(MAINTENANCE_QUEUE));
    dataSource = worker.get(getDataSourceToken());
    events = new QueueEvents(MAINTENANCE_QUEUE, {
      connection: redisOptionsFromUrl(env.REDIS_URL),
      prefix: env.REDIS_PREFIX,
    });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events.close();
    await worker.close();
    await dropIsolated(env);
    rmSync(archiveDir, { recursive: true, force: true });
  });

  it('schedules every housekeeping job once, however many workers start', async () => {
    const second = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await second.init();
    await second.get(MaintenanceProcessor).worker.waitUntilReady();
    await second.get<Queue>(getQueueToken(MAINTENANCE_QUEUE)).waitUntilReady();
    await second.close();

    const schedulers = await queue.getJobSchedulers();

    expect(schedulers.map((scheduler) => scheduler.key).sort()).toEqual(Object.values(MAINTENANCE_JOBS).sort());
  });

  it('purges expired sessions and keeps live ones', async () => {
    const [user] = await dataSource.query(
      `INSERT INTO users (email, name, role, password_hash) VALUES ('w@example.test', 'W', 'viewer', 'x') RETURNING id`,
    );
    await dataSource.query(
      `INSERT INTO user_sessions (user_id, token_digest, expires_at) VALUES
       ($1, repeat('a', 64), now() - interval '1 hour'), ($1, repeat('b', 64), now() + interval '1 hour')`,
      [user.id],
    );

    const job = await queue.add(MAINTENANCE_JOBS.purgeExpiredSessions, {});
    const result = await job.waitUntilFinished(events, 20_000);

    expect(result).toEqual({ purged: 1 });
    const left = await dataSource.query(`SELECT token_digest FROM user_sessions`);
    expect(left).toEqual([{ token_digest: 'b'.repeat(64) }]);
  });

  it('drops record logs, errors, samples and finished deliveries past retention, archiving the record logs first', async () => {
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
    await worker.get(RecordLogsRepository).ensureDailyPartitions(day(100), 1);
    const [integration] = await dataSource.query(
      `INSERT INTO integrations (key, name, provider, local_config, remote_config, entity_types)
       VALUES ('old', 'Old', 'p', '{}', '{}', '{lead}') RETURNING id`,
    );
    const [session] = await dataSource.query(
      `INSERT INTO sync_sessions (integration_id, entity_type, direction, trigger, status, triggered_by_kind, triggered_by_name)
       VALUES ($1, 'lead', 'inbound', 'api', 'completed', 'system', 'test') RETURNING id`,
      [integration.id],
    );
    const insertAt = async (at: Date, key: string) => {
      await dataSource.query(
        `INSERT INTO sync_record_logs (session_id, local_key, action, after, created_at) VALUES ($1, $2, 'create', '{"n":1}', $3)`,
        [session.id, key, at],
      );
      await dataSource.query(
        `INSERT INTO sync_errors (session_id, integration_id, category, severity, message, retryable, retry_count, created_at)
         VALUES ($1, $2, 'network', 'error', $3, true, 0, $4)`,
        [session.id, integration.id, key, at],
      );
      await dataSource.query(
        `INSERT INTO sync_metric_samples (session_id, integration_id, name, value, recorded_at) VALUES ($1, $2, 'queue_depth', 1, $3)`,
        [session.id, integration.id, at],
      );
    };
    await insertAt(day(100), 'ancient');
    await insertAt(day(0), 'fresh');
    const [channel] = await dataSource.query(
      `INSERT INTO notification_channels (name, type, config) VALUES ('old', 'in_app', '{}') RETURNING id`,
    );
    for (const [status, daysAgo] of [
      ['sent', 100],
      ['failed', 100],
      ['pending', 100],
      ['sent', 0],
    ] as const) {
      await dataSource.query(
        `INSERT INTO notification_deliveries (id, channel_id, kind, status, payload, created_at)
         VALUES (gen_random_uuid(), $1, 'test', $2, '{}', $3)`,
        [channel.id, status, day(daysAgo)],
      );
    }

    const job = await queue.add(MAINTENANCE_JOBS.applyRetention, {});
    const result = await job.waitUntilFinished(events, 20_000);

    const oldPartition = `sync_record_logs_${day(100).toISOString().slice(0, 10).replace(/-/g, '')}`;
    expect(result).toMatchObject({
      droppedPartitions: [oldPartition],
      deletedErrors: 1,
      deletedMetricSamples: 1,
      deletedDeliveries: 2,
    });
    const deliveries = await dataSource.query(
      `SELECT status, created_at < now() - interval '1 day' AS old FROM notification_deliveries ORDER BY status`,
    );
    expect(deliveries).toEqual([
      { status: 'pending', old: true },
      { status: 'sent', old: false },
    ]);
    expect(result.deletedMetricRollups).toBeGreaterThan(0);
    const keys = await dataSource.query(`SELECT local_key FROM sync_record_logs`);
    expect(keys).toEqual([{ local_key: 'fresh' }]);
    const errors = await dataSource.query(`SELECT message FROM sync_errors`);
    expect(errors).toEqual([{ message: 'fresh' }]);
    const rollupDays = await dataSource.query(
      `SELECT DISTINCT date_trunc('day', bucket, 'UTC') AS day FROM metric_rollups WHERE metric = 'errors' AND resolution <> 'total'`,
    );
    expect(rollupDays).toEqual([{ day: new Date(Math.floor(day(0).getTime() / 86_400_000) * 86_400_000) }]);
    const archived = gunzipSync(readFileSync(join(archiveDir, `${oldPartition}.jsonl.gz`)))
      .toString()
      .trim()
      .split('\n');
    expect(archived.map((line) => JSON.parse(line).local_key)).toEqual(['ancient']);
  });
});
