import { describe, expect, it } from 'vitest';
import { Clock } from './clock.svelte';
import { manualTimers } from './test-doubles';

const at = (iso: string) => Date.parse(iso);

describe('Clock', () => {
  function setUp() {
    let now = at('2026-11-23T12:00:00.000Z');
    const timers = manualTimers();
    const sut = new Clock(() => now, timers, 30_000);
    return { sut, timers, advance: (ms: number) => (now += ms) };
  }

  it('moves on every tick while followed', () => {
    const { sut, timers, advance } = setUp();
    sut.follow();

    advance(30_000);
    timers.fire(30_000);
    expect(sut.now).toBe(at('2026-11-23T12:00:30.000Z'));
    advance(30_000);
    timers.fire(30_000);

    expect(sut.now).toBe(at('2026-11-23T12:01:00.000Z'));
    expect(timers.delays()).toEqual([30_000]);
  });

  it('shares one timer between views and stops it when the last one stops following', () => {
    const { sut, timers } = setUp();
    const first = sut.follow();
    const second = sut.follow();
    expect(timers.delays()).toEqual([30_000]);

    first();
    first();
    expect(timers.delays()).toEqual([30_000]);
    second();

    expect(timers.delays()).toEqual([]);
  });

  it('catches up at once when followed again after a pause', () => {
    const { sut, timers, advance } = setUp();
    sut.follow()();

    advance(600_000);
    sut.follow();

    expect(sut.now).toBe(at('2026-11-23T12:10:00.000Z'));
    expect(timers.delays()).toEqual([30_000]);
  });
});
