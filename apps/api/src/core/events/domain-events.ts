import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import {
  LIVE_EVENTS,
  PROGRESS_EVENTS_PER_SECOND,
  type DomainEventName,
  type DomainEvents,
  type LiveEventName,
} from '@syncline/contracts';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { ProgressCoalescer } from './progress-coalescer';

/** While Redis is down, one warning per this long (with the number of events not streamed), not one per event. */
const UNSTREAMED_WARNING_INTERVAL_MS = 60_000;

/** Roughly how many events the shared stream keeps: replay reaches back this far (and 2 minutes at most). */
export const EVENT_STREAM_LENGTH = 100_000;

export const eventStreamKey = (prefix: string) => `${prefix}:events`;

const LIVE = new Set<DomainEventName>(LIVE_EVENTS);
const ENDS = new Set<DomainEventName>(['session.completed', 'session.failed']);

/**
 * Publishes domain events (typed by the one map in libs/contracts): to listeners in this process, and
 * the live ones to a Redis stream every API process reads, so that what a worker does reaches every
 * client of every API instance, in order, with an id to resume from. `session.progress` is coalesced
 * per session first. Publish after the change is committed.
 */
@Injectable()
export class DomainEventBus implements OnApplicationShutdown {
  private readonly logger = new Logger(DomainEventBus.name);
  private readonly stream: string;
  private unstreamed = 0;
  private lastWarningAt = 0;
  private readonly progress = new ProgressCoalescer<DomainEvents['session.progress']>(
    PROGRESS_EVENTS_PER_SECOND,
    (payload) => this.deliver('session.progress', payload),
  );

  constructor(
    private readonly emitter: EventEmitter2,
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.stream = eventStreamKey(config.REDIS_PREFIX);
  }

  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    if (name === 'session.progress') {
      const { session } = payload as DomainEvents['session.progress'];
      return this.progress.progress(session.id, { session });
    }
    if (ENDS.has(name)) this.progress.end((payload as DomainEvents['session.completed']).session.id);
    this.deliver(name, payload);
  }

  onApplicationShutdown(): void {
    this.progress.close();
  }

  private deliver<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
    if (!LIVE.has(name)) return;
    const entry = JSON.stringify({ name: name as LiveEventName, at: new Date().toISOString(), payload });
    // Redis down: live clients miss this event, but the change is committed and shows when they refetch.
    this.redis
      .xadd(this.stream, 'MAXLEN', '~', EVENT_STREAM_LENGTH, '*', 'event', entry)
      .catch((error: unknown) => this.notStreamed(name, error));
  }

  private notStreamed(name: DomainEventName, error: unknown): void {
    this.unstreamed += 1;
    if (Date.now() - this.lastWarningAt < UNSTREAMED_WARNING_INTERVAL_MS) return;
    this.logger.warn(`${this.unstreamed} live event(s) not streamed, the last ${name}: ${String(error)}`);
    this.lastWarningAt = Date.now();
    this.unstreamed = 0;
  }
}

@Global()
@Module({
  imports: [EventEmitterModule.forRoot()],
  providers: [DomainEventBus],
  exports: [DomainEventBus],
})
export class DomainEventsModule {}
