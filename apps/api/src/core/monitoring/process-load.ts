import { hostname } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PROCESS_LOAD_INTERVAL_MS, PROCESS_LOAD_TTL_MS, type ProcessLoadView } from '@syncline/contracts';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

const PROCESS_ROLE = Symbol('PROCESS_ROLE');
const processesKey = (prefix: string) => `${prefix}:processes`;

/**
 * Every API and worker process writes its own load (CPU, memory, event-loop lag) to one Redis hash
 * every few seconds; the dashboard and the resource alert read all of them from there.
 */
@Injectable()
export class ProcessLoad implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProcessLoad.name);
  private readonly key: string;
  private readonly field = `${hostname()}:${process.pid}`;
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private timer?: NodeJS.Timeout;
  private lastCpu = process.cpuUsage();
  private lastAt = process.hrtime.bigint();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PROCESS_ROLE) private readonly role: ProcessLoadView['role'],
    config: AppConfig,
  ) {
    this.key = processesKey(config.REDIS_PREFIX);
  }

  onApplicationBootstrap(): void {
    this.delay.enable();
    this.timer = setInterval(() => void this.report(), PROCESS_LOAD_INTERVAL_MS).unref();
    void this.report();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.delay.disable();
    await this.redis.hdel(this.key, this.field).catch(() => undefined);
  }

  /** This process, measured now. */
  measure(): ProcessLoadView {
    const now = process.hrtime.bigint();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMicros = Number(now - this.lastAt) / 1000;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const memory = process.memoryUsage();
    const lagMs = this.delay.count > 0 ? this.delay.percentile(99) / 1e6 : 0;
    this.delay.reset();
    return {
      role: this.role,
      host: hostname(),
      pid: process.pid,
      cpuPercent: elapsedMicros > 0 ? (100 * (cpu.user + cpu.system)) / elapsedMicros : 0,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapLimitBytes: getHeapStatistics().heap_size_limit,
      eventLoopLagMs: lagMs,
      uptimeSeconds: Math.round(process.uptime()),
      reportedAt: new Date().toISOString(),
    };
  }

  /** Every process that reported recently; the ones gone quiet are forgotten. */
  async all(): Promise<ProcessLoadView[]> {
    const entries = await this.redis.hgetall(this.key);
    const fresh: ProcessLoadView[] = [];
    const stale: string[] = [];
    for (const [field, json] of Object.entries(entries)) {
      const load = JSON.parse(json) as ProcessLoadView;
      if (Date.now() - Date.parse(load.reportedAt) <= PROCESS_LOAD_TTL_MS) fresh.push(load);
      else stale.push(field);
    }
    if (stale.length > 0) await this.redis.hdel(this.key, ...stale);
    return fresh.sort((a, b) => a.role.localeCompare(b.role) || a.pid - b.pid);
  }

  private async report(): Promise<void> {
    await this.redis
      .hset(this.key, this.field, JSON.stringify(this.measure()))
      .catch((error: Error) => this.logger.debug(`Load not reported: ${error.message}`));
  }
}

@Module({})
export class ProcessLoadModule {
  static forRole(role: ProcessLoadView['role']): DynamicModule {
    return {
      module: ProcessLoadModule,
      global: true,
      providers: [{ provide: PROCESS_ROLE, useValue: role }, ProcessLoad],
      exports: [ProcessLoad],
    };
  }
}
