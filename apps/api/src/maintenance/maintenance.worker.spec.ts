import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { QueueEvents, type Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { redisOptionsFromUrl } from '../core/redis/redis-options';
import { dropIsolated, isolatedEnv } from '../test/test-app';
import { WorkerModule } from '../worker.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { MAINTENANCE_JOBS, MAINTENANCE_QUEUE } from './maintenance.queue';

describe('the worker process', () => {
  const env = isolatedEnv();
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
  });

  it('schedules the session purge once, however many workers start', async () => {
    const second = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await second.init();
    await second.get(MaintenanceProcessor).worker.waitUntilReady();
    await second.get<Queue>(getQueueToken(MAINTENANCE_QUEUE)).waitUntilReady();
    await second.close();

    const schedulers = await queue.getJobSchedulers();

    expect(schedulers.map((scheduler) => scheduler.key)).toEqual([MAINTENANCE_JOBS.purgeExpiredSessions]);
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
});
