import { describe, expect, it } from 'vitest';
import {
  bulkOutcomes,
  collapse,
  formatWait,
  isEngineSession,
  QUEUE_SHOWN,
  syncProgress,
  toMonitorView,
  truncateText,
  unfinishedIds,
  type MonitorSnapshot,
} from './monitor';
import { queued, sessionView, statusView } from './test-factories';

function snapshot(overrides: Partial<MonitorSnapshot> = {}): MonitorSnapshot {
  return { status: statusView(), queue: [], progress: {}, ...overrides };
}

describe('syncProgress', () => {
  it('shows processed of total with a percentage', () => {
    expect(syncProgress({ processed: 50, total: 200 })).toEqual({
      processed: 50,
      total: 200,
      percent: 25,
      label: '50 of 200',
    });
  });

  it('keeps a tenth of a percent, so a long sync visibly moves', () => {
    expect(syncProgress({ processed: 1, total: 3000 }).percent).toBe(0);
    expect(syncProgress({ processed: 2, total: 600 }).percent).toBe(0.3);
  });

  it('is indeterminate while the total is unknown', () => {
    expect(syncProgress({ processed: 0, total: 0 })).toMatchObject({ percent: null, label: 'Starting…' });
    expect(syncProgress({ processed: 40, total: 0 })).toMatchObject({ percent: null, label: '40 processed' });
  });

  it('is indeterminate once the records seen catch up with the estimate, rather than stuck at 100 %', () => {
    expect(syncProgress({ processed: 240, total: 240 })).toMatchObject({ percent: null, label: '240 processed' });
    expect(syncProgress({ processed: 230, total: 200 }).percent).toBeNull();
  });
});

describe('toMonitorView', () => {
  it('is idle with nothing running, queued or recently failed', () => {
    expect(toMonitorView(snapshot(), new Set()).idle).toBe(true);
  });

  it('is not idle while only failures of the last day are left', () => {
    const sut = toMonitorView(
      snapshot({ status: statusView({ failed: [sessionView({ status: 'failed' })] }) }),
      new Set(),
    );

    expect(sut.idle).toBe(false);
  });

  it('gives each running sync its progress, its ETA and whether it is being cancelled', () => {
    const running = sessionView();
    const other = sessionView({ id: '11111111-1111-4111-8111-111111111111' });
    const sut = toMonitorView(
      snapshot({
        status: statusView({ active: [running, other] }),
        progress: {
          [running.id]: { session: running, percent: 25, etaMs: 6000, cancelRequested: false },
          [other.id]: { session: other, percent: 25, etaMs: 6000, cancelRequested: true },
        },
      }),
      new Set(),
    );

    expect(sut.active).toMatchObject([
      { session: { id: running.id }, etaMs: 6000, cancelling: false, progress: { percent: 25 } },
      { session: { id: other.id }, cancelling: true },
    ]);
  });

  it('marks a sync cancelled from this screen before the API reports it', () => {
    const running = sessionView();

    const sut = toMonitorView(snapshot({ status: statusView({ active: [running] }) }), new Set([running.id]));

    expect(sut.active[0]).toMatchObject({ cancelling: true, etaMs: null });
  });
});

describe('the queue in the view', () => {
  it('keeps the order the API gives', () => {
    const queue = [queued(1), queued(2, {}, 60_000)];

    expect(toMonitorView(snapshot({ queue }), new Set()).queue.map((item) => item.position)).toEqual([1, 2]);
  });
});

describe('unfinishedIds', () => {
  it('holds the running and the queued syncs', () => {
    const status = statusView({
      active: [sessionView({ id: 'a' })],
      pending: [sessionView({ id: 'b', status: 'queued' })],
      failed: [sessionView({ id: 'c', status: 'failed' })],
    });

    expect([...unfinishedIds(status)]).toEqual(['a', 'b']);
  });
});

describe('collapse', () => {
  const items = [1, 2, 3, 4, 5, 6, 7];

  it('shows the first few and counts the rest', () => {
    expect(collapse(items, 3, false)).toEqual({ visible: [1, 2, 3], hidden: 4 });
  });

  it('shows everything once expanded, or when there are few', () => {
    expect(collapse(items, 3, true)).toEqual({ visible: items, hidden: 0 });
    expect(collapse([1, 2, 3], 3, false)).toEqual({ visible: [1, 2, 3], hidden: 0 });
  });

  it('folds the Monitor queue away past three syncs', () => {
    const queue = [queued(1), queued(2), queued(3), queued(4)];

    expect(collapse(queue.slice(0, 3), QUEUE_SHOWN, false)).toEqual({ visible: queue.slice(0, 3), hidden: 0 });
    expect(collapse(queue, QUEUE_SHOWN, false)).toEqual({ visible: queue.slice(0, 3), hidden: 1 });
    expect(collapse(queue, QUEUE_SHOWN, true)).toEqual({ visible: queue, hidden: 0 });
  });
});

describe('formatWait', () => {
  it('says the first in line is next', () => {
    expect(formatWait(0)).toBe('Next');
  });

  it('estimates the wait roughly', () => {
    expect(formatWait(125_000)).toBe('~2 min');
  });
});

describe('truncateText', () => {
  it('leaves a short text alone', () => {
    expect(truncateText('  Remote answered 503  ', 40)).toEqual({ short: 'Remote answered 503', truncated: false });
  });

  it('cuts a long text at a word boundary', () => {
    const sut = truncateText('Remote answered 503 three times while reading the vehicle collection', 30);

    expect(sut).toEqual({ short: 'Remote answered 503 three…', truncated: true });
  });

  it('cuts inside a very long word rather than leaving almost nothing', () => {
    expect(truncateText('a'.repeat(50), 10)).toEqual({ short: `${'a'.repeat(10)}…`, truncated: true });
  });
});

describe('bulkOutcomes', () => {
  it('matches each result to the session it was asked for, by index', () => {
    const sut = bulkOutcomes(
      ['first', 'second'],
      [
        { index: 1, ok: false, error: { statusCode: 409, message: 'The sync is still running' } },
        { index: 0, ok: true, sessionId: 'new-first' },
      ],
    );

    expect(Object.fromEntries(sut)).toEqual({
      first: { ok: true, sessionId: 'new-first' },
      second: { ok: false, message: 'The sync is still running' },
    });
  });

  it('counts a session the API did not answer for as not retried', () => {
    const sut = bulkOutcomes(['first'], []);

    expect(sut.get('first')).toEqual({ ok: false, message: 'No answer for this sync.' });
  });
});

describe('isEngineSession', () => {
  it('tells the syncs Syncline ran from those an integration only reported', () => {
    expect(isEngineSession(sessionView({ mode: 'incremental' }))).toBe(true);
    expect(isEngineSession(sessionView({ mode: null }))).toBe(false);
  });
});
