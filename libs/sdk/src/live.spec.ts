import type { Manager } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followLive, type LiveFollower } from './live';

/** The socket `followLive` opened, so the test can watch its reconnect attempts. */
const opened = vi.hoisted(() => ({ manager: null as Manager | null }));

vi.mock('socket.io-client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('socket.io-client')>();
  return {
    ...actual,
    io: (...args: Parameters<typeof actual.io>) => {
      const socket = actual.io(...args);
      opened.manager = socket.io;
      return socket;
    },
  };
});

/** The next time the manager emits `event`, with its arguments. */
function next(manager: Manager, event: 'error' | 'reconnect_attempt' | 'reconnect_error'): Promise<unknown[]> {
  return new Promise((resolve) => manager.once(event, (...args: unknown[]) => resolve(args)));
}

/** Nothing listens on port 1 (tcpmux, long unused): every connection attempt is refused at once. */
const REFUSING = 'http://127.0.0.1:1';

describe('followLive', () => {
  let sut: LiveFollower | null = null;

  afterEach(() => {
    sut?.close();
    sut = null;
    vi.useRealTimers();
  });

  it('tries to reconnect after 1 s, 2 s, 4 s, 8 s, 16 s, then every 30 s', async () => {
    // Only the clock is fake: connections are really refused, and the waits between attempts are measured.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const statuses: string[] = [];
    sut = followLive({
      baseUrl: REFUSING,
      room: 'all',
      onEvent: () => {},
      onStatus: (status) => statuses.push(status),
    });
    const manager = opened.manager!;
    await next(manager, 'error');

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt++) {
      // The refused attempt left one timer: the wait before the next.
      expect(vi.getTimerCount()).toBe(1);
      const started = Date.now();
      const attempted = next(manager, 'reconnect_attempt');
      const refused = next(manager, 'reconnect_error');
      await vi.runOnlyPendingTimersAsync();
      expect(await attempted).toEqual([attempt]);
      waits.push(Date.now() - started);
      await refused;
    }

    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(statuses).toEqual(['connecting']);
  });
});
