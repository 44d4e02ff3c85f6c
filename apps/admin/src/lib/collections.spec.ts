import { describe, expect, it } from 'vitest';
import { upsertById } from './collections';

describe('upsertById', () => {
  const a = { id: 'a', name: 'Alpha' };
  const b = { id: 'b', name: 'Beta' };

  it('replaces the item with the same id where it stands', () => {
    expect(upsertById([a, b], { id: 'a', name: 'Aleph' })).toEqual([{ id: 'a', name: 'Aleph' }, b]);
  });

  it('adds a new item at the end, or where the order puts it', () => {
    expect(upsertById([b], a)).toEqual([b, a]);
    expect(upsertById([b], a, (x, y) => x.name.localeCompare(y.name))).toEqual([a, b]);
  });
});
