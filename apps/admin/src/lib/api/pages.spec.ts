import type { Page } from '@syncline/contracts';
import { describe, expect, it, vi } from 'vitest';
import { collectPages } from './pages';

describe('collectPages', () => {
  it('follows cursors until the last page', async () => {
    const pages: Record<string, Page<number>> = {
      first: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3], nextCursor: 'c' },
      c: { items: [4], nextCursor: null },
    };
    const fetchPage = vi.fn(async (cursor: string | undefined) => pages[cursor ?? 'first']);

    expect(await collectPages(fetchPage)).toEqual([1, 2, 3, 4]);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('stops when the API hands back the same cursor', async () => {
    const fetchPage = vi.fn(async () => ({ items: [1], nextCursor: 'same' }));

    expect(await collectPages(fetchPage)).toEqual([1, 1]);
  });

  it('stops after the page bound', async () => {
    let counter = 0;
    const fetchPage = vi.fn(async () => ({ items: [counter], nextCursor: `c${++counter}` }));

    await collectPages(fetchPage, 3);

    expect(fetchPage).toHaveBeenCalledTimes(3);
  });
});
