import { describe, expect, it } from 'vitest';
import { formatMicros, MonotonicClock, parseMicros } from './clock';
import { ENTITY_KINDS } from './entities';
import { Random } from './random';
import { Collection, decodeCursor, encodeCursor, type RecordView } from './store';

const newCollection = () => new Collection('campaign', ENTITY_KINDS.campaign, new MonotonicClock());
const campaign = (name: string) => ({ name, status: 'active' });

function readAll(sut: Collection, limit: number): RecordView[] {
  const items: RecordView[] = [];
  let after;
  do {
    const page = sut.page({ after, limit, includeDeleted: true });
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return items;
}

describe('Collection', () => {
  it('keeps paging exact after compacting a change log full of stale entries', () => {
    const sut = newCollection();
    for (let i = 0; i < 50; i++) sut.upsert(`c-${i}`, campaign(`v0-${i}`));
    for (let round = 1; round <= 60; round++) {
      for (let i = 0; i < 50; i += 2) sut.upsert(`c-${i}`, campaign(`v${round}-${i}`));
    }

    const items = readAll(sut, 7);

    expect(items).toHaveLength(50);
    expect(items.slice(-25).every((item) => item.version === 61)).toBe(true);
  });

  it('picks random live records only', () => {
    const sut = newCollection();
    sut.upsert('kept', campaign('kept'));
    sut.upsert('gone', campaign('gone'));
    sut.delete('gone');
    const rng = new Random(3);

    const picks = new Set(Array.from({ length: 20 }, () => sut.randomLiveId(rng)));

    expect(picks).toEqual(new Set(['kept']));
    expect(sut.counts()).toEqual({ live: 1, deleted: 1 });
  });

  it('skips ids it hands out that a client already took', () => {
    const sut = newCollection();
    sut.upsert('cmp_000001', campaign('taken'));

    const { record } = sut.create(campaign('new'));

    expect(record.id).toBe('cmp_000002');
  });
});

describe('cursors and timestamps', () => {
  it('round-trips a cursor and refuses garbage', () => {
    const position = { micros: 1_732_000_000_123_456, id: 'veh_000001' };

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
    expect(decodeCursor('%%%')).toBeUndefined();
  });

  it('formats and parses microsecond timestamps', () => {
    expect(formatMicros(1_732_000_000_123_456)).toBe('2024-11-19T07:06:40.123456Z');
    expect(parseMicros('2024-11-19T07:06:40.123456Z')).toBe(1_732_000_000_123_456);
    expect(parseMicros('2024-11-19T17:06:40.123+10:00')).toBe(1_732_000_000_123_000);
    expect(parseMicros('2024-11-19')).toBe(Date.UTC(2024, 10, 19) * 1000);
    expect(parseMicros('2024-11-19T07:06:40')).toBeUndefined();
    expect(parseMicros('2024-13-45')).toBeUndefined();
  });

  it('never hands out the same timestamp twice', () => {
    const sut = new MonotonicClock();

    const ticks = Array.from({ length: 10_000 }, () => sut.tick());

    expect(ticks.every((tick, i) => i === 0 || tick > ticks[i - 1])).toBe(true);
    expect(Math.abs(ticks[0] / 1000 - Date.now())).toBeLessThan(1000);
  });
});
