import type { Page } from '@syncline/contracts';
import { describe, expect, it, vi } from 'vitest';
import { CursorList } from './cursor-list.svelte';

function page(items: number[], nextCursor: string | null): Page<number> {
  return { items, nextCursor };
}

describe('CursorList', () => {
  it('starts from the first page and appends the next one', async () => {
    const fetchPage = vi.fn(async () => page([3], null));
    const sut = new CursorList(page([1, 2], 'b'), fetchPage);

    await sut.loadMore();

    expect(fetchPage).toHaveBeenCalledWith('b');
    expect(sut.items).toEqual([1, 2, 3]);
    expect(sut.hasMore).toBe(false);
  });

  it('does nothing at the end of the list', async () => {
    const fetchPage = vi.fn();
    const sut = new CursorList(page([1], null), fetchPage);

    await sut.loadMore();

    expect(fetchPage).not.toHaveBeenCalled();
  });

  it('asks once while a page is on its way', async () => {
    let deliver: (value: Page<number>) => void = () => {};
    const fetchPage = vi.fn(() => new Promise<Page<number>>((resolve) => (deliver = resolve)));
    const sut = new CursorList(page([1], 'b'), fetchPage);

    const first = sut.loadMore();
    const second = sut.loadMore();
    expect(sut.loading).toBe(true);
    deliver(page([2], 'c'));
    await Promise.all([first, second]);

    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(sut.items).toEqual([1, 2]);
    expect(sut.loading).toBe(false);
  });

  it('keeps the list and its cursor when a page fails, so the person can try again', async () => {
    const sut = new CursorList(page([1], 'b'), () => Promise.reject(new Error('offline')));

    await expect(sut.loadMore()).rejects.toThrow('offline');

    expect(sut.items).toEqual([1]);
    expect(sut.nextCursor).toBe('b');
    expect(sut.loading).toBe(false);
  });

  it('stops when the API hands back the same cursor', async () => {
    const sut = new CursorList(page([1], 'b'), async () => page([2], 'b'));

    await sut.loadMore();

    expect(sut.hasMore).toBe(false);
  });
});
