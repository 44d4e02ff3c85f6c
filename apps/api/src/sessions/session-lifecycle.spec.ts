import {
  SESSION_COUNTERS,
  SESSION_STATUSES,
  STATUS_TRANSITIONS,
  SYNC_STAGES,
  type SessionCounters,
  type UpdateSessionRequest,
} from '@syncline/contracts';
import fc from 'fast-check';
import { applySessionUpdate, type SessionState } from './session-lifecycle';

const zero = Object.fromEntries(SESSION_COUNTERS.map((c) => [c, 0])) as SessionCounters;
const started = (): SessionState => ({
  status: 'running',
  stage: null,
  counters: { ...zero },
  phaseTimings: {},
  statusReason: null,
  startedAt: new Date(0),
  finishedAt: null,
});
const now = new Date(1_000);

const anUpdate: fc.Arbitrary<UpdateSessionRequest> = fc.record(
  {
    status: fc.constantFrom(...SESSION_STATUSES),
    stage: fc.constantFrom(...SYNC_STAGES),
    counters: fc.record(Object.fromEntries(SESSION_COUNTERS.map((c) => [c, fc.nat(1_000_000)])), { requiredKeys: [] }),
    phaseTimings: fc.record({ fetch: fc.nat(), apply: fc.nat() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

describe('applySessionUpdate', () => {
  it('keeps counters monotonic and every status reachable by a legal move, for any sequence of reports', () => {
    fc.assert(
      fc.property(fc.array(anUpdate, { maxLength: 30 }), (updates) => {
        let sut = started();
        for (const update of updates) {
          let next: SessionState;
          try {
            next = applySessionUpdate(sut, update, now);
          } catch (error) {
            expect(error).toMatchObject({ code: 'conflict' });
            continue;
          }
          for (const counter of SESSION_COUNTERS)
            expect(next.counters[counter]).toBeGreaterThanOrEqual(sut.counters[counter]);
          if (next.status !== sut.status) expect(STATUS_TRANSITIONS[sut.status]).toContain(next.status);
          sut = next;
        }
      }),
    );
  });

  it('refuses every illegal transition with the current status', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SESSION_STATUSES), fc.constantFrom(...SESSION_STATUSES), (from, to) => {
        fc.pre(from !== to && !STATUS_TRANSITIONS[from].includes(to));
        const current = { ...started(), status: from };

        expect(() => applySessionUpdate(current, { status: to }, now)).toThrow(
          expect.objectContaining({ code: 'conflict', details: [expect.objectContaining({ field: 'status' })] }),
        );
      }),
    );
  });

  it('ignores a late report with lower counters', () => {
    const sut = { ...started(), counters: { ...zero, processed: 500, total: 1000 } };

    const next = applySessionUpdate(sut, { counters: { processed: 200, failed: 3 } }, now);

    expect(next.counters).toMatchObject({ processed: 500, total: 1000, failed: 3 });
  });

  it('stamps start and finish times', () => {
    const queued = { ...started(), status: 'queued' as const, startedAt: null };

    const running = applySessionUpdate(queued, { status: 'running' }, now);
    const done = applySessionUpdate(running, { status: 'completed' }, new Date(5_000));

    expect(running.startedAt).toEqual(now);
    expect(done).toMatchObject({ startedAt: now, finishedAt: new Date(5_000) });
  });

  it('accepts a repeated final status but nothing else once finished', () => {
    const done = applySessionUpdate(started(), { status: 'completed' }, now);

    expect(applySessionUpdate(done, { status: 'completed' }, now)).toBe(done);
    expect(() => applySessionUpdate(done, { counters: { processed: 1 } }, now)).toThrow(/already completed/);
  });
});
