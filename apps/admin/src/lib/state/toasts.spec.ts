import { describe, expect, it } from 'vitest';
import { ToastState } from './toasts.svelte';

function manualTimers() {
  const pending: { callback: () => void; delayMs: number }[] = [];
  return {
    pending,
    schedule: (callback: () => void, delayMs: number) => pending.push({ callback, delayMs }),
    runAll: () => pending.splice(0).forEach((timer) => timer.callback()),
  };
}

describe('ToastState', () => {
  it('shows a toast and removes it after its display time', () => {
    const timers = manualTimers();
    const sut = new ToastState(timers.schedule);

    sut.success('Integration saved');
    expect(sut.items).toMatchObject([{ kind: 'success', message: 'Integration saved' }]);

    timers.runAll();
    expect(sut.items).toEqual([]);
  });

  it('carries a link to follow up on, and stays long enough to reach it', () => {
    const timers = manualTimers();
    const sut = new ToastState(timers.schedule);

    sut.success('Sync queued', { href: '/admin/monitor', label: 'Open Monitor' });
    sut.success('Saved');

    expect(sut.items[0]).toMatchObject({
      message: 'Sync queued',
      link: { href: '/admin/monitor', label: 'Open Monitor' },
    });
    expect(timers.pending[0].delayMs).toBeGreaterThan(timers.pending[1].delayMs);
  });

  it('keeps errors on screen longer than successes', () => {
    const timers = manualTimers();
    const sut = new ToastState(timers.schedule);

    sut.success('ok');
    sut.error('failed');

    expect(timers.pending[1].delayMs).toBeGreaterThan(timers.pending[0].delayMs);
  });

  it('dismisses one toast by id', () => {
    const sut = new ToastState(manualTimers().schedule);
    const first = sut.info('first');
    sut.info('second');

    sut.dismiss(first);

    expect(sut.items.map((toast) => toast.message)).toEqual(['second']);
  });

  it('keeps at most five toasts, dropping the oldest', () => {
    const sut = new ToastState(manualTimers().schedule);
    for (let index = 1; index <= 7; index++) sut.info(`toast ${index}`);

    expect(sut.items.map((toast) => toast.message)).toEqual(['toast 3', 'toast 4', 'toast 5', 'toast 6', 'toast 7']);
  });
});
