import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { compareEventIds, LIVE_RECOVERY_MS, type LiveEvent } from '@syncline/contracts';
import Redis from 'ioredis';
import { AppConfig } from '../core/config/app-config';
import { eventStreamKey } from '../core/events/domain-events';
import { redisOptionsFromUrl } from '../core/redis/redis-options';

const STREAM_ID = /^\d{1,16}-\d{1,16}$/;
const READ_COUNT = 500;
const BLOCK_MS = 5000;

export type LiveListener = (event: LiveEvent) => void;

/**
 * This process's reading of the shared event stream: every event, in stream order, handed to each
 * listener as it arrives. A client resuming from an event id is caught up from the stream and then
 * joins the live flow with nothing missed and nothing twice (`follow`).
 */
@Injectable()
export class EventTail implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventTail.name);
  private readonly key: string;
  private readonly reader: Redis;
  private readonly queries: Redis;
  private readonly listeners = new Set<LiveListener>();
  /** The last id handed to the listeners: what a live listener has seen up to. */
  private delivered = '0-0';
  private running = false;

  constructor(config: AppConfig) {
    this.key = eventStreamKey(config.REDIS_PREFIX);
    // Blocking reads hold their connection: they get their own. Catch-up queries fail fast while Redis
    // is down (the client is told to refetch) instead of holding a subscription open.
    const options = redisOptionsFromUrl(config.REDIS_URL);
    this.reader = new Redis({ ...options, maxRetriesPerRequest: null });
    this.queries = new Redis({ ...options, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    for (const client of [this.reader, this.queries]) client.on('error', () => undefined);
  }

  /** Starts reading without waiting for Redis: the API serves while it is down, live updates resume after. */
  onApplicationBootstrap(): void {
    this.running = true;
    void this.read();
  }

  onApplicationShutdown(): void {
    // The loop ends with its pending read, which the disconnect rejects (or never answers while Redis is down).
    this.running = false;
    this.reader.disconnect();
    this.queries.disconnect();
  }

  listen(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends `listener` what came after `since` (the events `accept` lets through), then adds it to the
   * live flow. Answers false when `since` cannot be honoured — unknown, trimmed from the stream, or
   * older than LIVE_RECOVERY_MS — and the listener is added from now on: the client must refetch.
   */
  async follow(since: string | undefined, accept: (event: LiveEvent) => boolean, listener: LiveListener) {
    const live: LiveListener = (event) => accept(event) && listener(event);
    if (since === undefined) return { resumed: true, stop: this.listen(live) };
    if (!(await this.resumable(since).catch(() => false))) return { resumed: false, stop: this.listen(live) };
    let from = since;
    // Each pass reads up to what the live flow has delivered; once nothing is left in between, joining
    // it (no await in between) neither misses an event nor repeats one.
    while (from !== this.delivered) {
      const until = this.delivered;
      const entries = await this.queries.xrange(this.key, `(${from}`, until);
      for (const event of entries.map(toEvent)) if (event && accept(event)) listener(event);
      from = until;
    }
    return { resumed: true, stop: this.listen(live) };
  }

  private async resumable(since: string): Promise<boolean> {
    if (!STREAM_ID.test(since)) return false;
    if (Number(since.split('-')[0]) < Date.now() - LIVE_RECOVERY_MS) return false;
    if (compareEventIds(since, this.delivered) > 0) return false;
    const [oldest] = await this.queries.xrange(this.key, '-', '+', 'COUNT', 1);
    // The event after `since` must still be in the stream: `since` itself, or anything before the oldest.
    return oldest !== undefined && compareEventIds(since, oldest[0]) >= 0;
  }

  private async read(): Promise<void> {
    let started = false;
    while (this.running) {
      try {
        if (!started) {
          // From the newest event on: what came before reaches clients only by catching up.
          const [newest] = await this.reader.xrevrange(this.key, '+', '-', 'COUNT', 1);
          this.delivered = newest?.[0] ?? '0-0';
          started = true;
        }
        const answer = await this.reader.xread(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.key,
          this.delivered,
        );
        for (const [, entries] of answer ?? []) {
          for (const entry of entries) {
            this.delivered = entry[0];
            const event = toEvent(entry);
            if (event) for (const listener of this.listeners) listener(event);
          }
        }
      } catch (error) {
        if (!this.running) return;
        this.logger.warn(`Reading the event stream failed, retrying: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}

function toEvent([id, fields]: [string, string[]]): LiveEvent | null {
  const index = fields.indexOf('event');
  if (index === -1) return null;
  try {
    return { id, ...(JSON.parse(fields[index + 1]) as Omit<LiveEvent, 'id'>) };
  } catch {
    return null;
  }
}
