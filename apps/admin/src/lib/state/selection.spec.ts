import { describe, expect, it } from 'vitest';
import { Selection } from './selection.svelte';

const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('Selection', () => {
  it('counts only the listed rows as chosen, in list order', () => {
    const sut = new Selection<'sync'>();
    sut.select('c', true);
    sut.select('gone', true);
    sut.select('a', true);

    expect(sut.chosen(rows).map((row) => row.id)).toEqual(['a', 'c']);
  });

  it('selects all the given rows, or none', () => {
    const sut = new Selection<'sync'>();
    sut.select('gone', true);

    sut.selectAll(rows.slice(0, 2), true);
    expect([...sut.selected]).toEqual(['a', 'b']);
    sut.selectAll(rows, false);
    expect(sut.selected.size).toBe(0);
  });

  it('is busy with the action while it is sent, then shows its summary', async () => {
    const sut = new Selection<'retry' | 'cancel'>();
    let busyMeanwhile: string | null = null;

    const result = await sut.run('cancel', async () => {
      busyMeanwhile = sut.busy;
      return { ok: true, value: { summary: '2 cancelled' } };
    });

    expect(busyMeanwhile).toBe('cancel');
    expect(sut.busy).toBeNull();
    expect(sut.summary).toBe('2 cancelled');
    expect(result.ok).toBe(true);
  });

  it('keeps the summary of the last answer when an action fails', async () => {
    const sut = new Selection<'retry'>();
    sut.summary = '1 retried';

    await sut.run('retry', async () => ({ ok: false, message: 'offline', fields: {}, unmatched: [] }));

    expect(sut.summary).toBe('1 retried');
    expect(sut.busy).toBeNull();
  });

  it('deselects a row the action succeeded for and keeps a failed one selected, each with its outcome', () => {
    const sut = new Selection<'retry'>();
    sut.selectAll(rows, true);

    sut.settle('a', { ok: true, text: 'Retry queued', href: '/history/s1' });
    sut.settle('b', { ok: false, text: 'Not found' });

    expect([...sut.selected]).toEqual(['b', 'c']);
    expect(sut.outcomes.get('a')).toEqual({ ok: true, text: 'Retry queued', href: '/history/s1' });
    expect(sut.outcomes.get('b')).toEqual({ ok: false, text: 'Not found' });
  });
});
