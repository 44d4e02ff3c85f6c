import fc from 'fast-check';
import { ProgressCoalescer } from './progress-coalescer';

describe('ProgressCoalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets at most ten a second through per session, always the latest, and the final one at the end', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ session: fc.constantFrom('a', 'b'), gapMs: fc.integer({ min: 0, max: 250 }) }), {
          minLength: 1,
          maxLength: 200,
        }),
        (updates) => {
          const sent: { session: string; step: number; at: number }[] = [];
          const sut = new ProgressCoalescer<{ session: string; step: number }>(10, (payload) =>
            sent.push({ ...payload, at: Date.now() }),
          );
          const last = new Map<string, number>();
          updates.forEach(({ session, gapMs }, step) => {
            jest.advanceTimersByTime(gapMs);
            sut.progress(session, { session, step });
            last.set(session, step);
          });
          for (const session of last.keys()) sut.end(session);

          for (const session of last.keys()) {
            const mine = sent.filter((item) => item.session === session);
            // The latest state always arrives, in order, and nothing twice.
            expect(mine.at(-1)?.step).toBe(last.get(session));
            expect(mine.map((item) => item.step)).toEqual(
              [...new Set(mine.map((item) => item.step))].sort((x, y) => x - y),
            );
            // Never more than one per 100 ms, but for the flush at the end.
            const timed = mine.slice(0, -1);
            timed.slice(1).forEach((item, index) => expect(item.at - timed[index].at).toBeGreaterThanOrEqual(100));
          }
          sut.close();
        },
      ),
    );
  });

  it('sends the held update when its interval ends, with no session end needed', () => {
    const sent: number[] = [];
    const sut = new ProgressCoalescer<number>(10, (step) => sent.push(step));
    sut.progress('a', 1);
    sut.progress('a', 2);
    sut.progress('a', 3);
    expect(sent).toEqual([1]);
    jest.advanceTimersByTime(100);
    expect(sent).toEqual([1, 3]);
    jest.advanceTimersByTime(100);
    sut.progress('a', 4);
    expect(sent).toEqual([1, 3, 4]);
  });
});
