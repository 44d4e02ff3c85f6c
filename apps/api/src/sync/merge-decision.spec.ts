import {
  CONFLICT_STRATEGIES,
  SYNC_DIRECTIONS,
  type ConflictStrategy,
  type MergeDecision,
  type RecordState,
} from '@syncline/contracts';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { changedFields, decideMerge, type MergeInput } from './merge-decision';

const aState: fc.Arbitrary<RecordState> = fc.option(
  fc.record(
    { price: fc.integer({ min: 0, max: 3 }), colour: fc.constantFrom('red', 'blue') },
    { requiredKeys: [], noNullPrototype: true },
  ),
  { nil: null },
);
const anInput: fc.Arbitrary<MergeInput> = fc.record({
  baseline: fc.option(aState, { nil: undefined }),
  local: aState,
  remote: aState,
  direction: fc.constantFrom(...SYNC_DIRECTIONS),
  strategy: fc.constantFrom(...CONFLICT_STRATEGIES),
  localUpdatedAt: fc.date({ noInvalidDate: true }),
  remoteUpdatedAt: fc.date({ noInvalidDate: true }),
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const changed = (baseline: RecordState | undefined, side: RecordState) =>
  baseline === undefined ? side !== null : !same(side, baseline);
const applied = (input: MergeInput, decision: MergeDecision) => ({
  local: decision.apply === 'to_local' ? input.remote : input.local,
  remote: decision.apply === 'to_remote' ? input.local : input.remote,
});

describe('decideMerge', () => {
  it('reports a conflict exactly when both sides changed differently since the baseline', () => {
    fc.assert(
      fc.property(anInput, (input) => {
        const expected =
          changed(input.baseline, input.local) &&
          changed(input.baseline, input.remote) &&
          !same(input.local, input.remote);
        expect(decideMerge(input).conflict).toBe(expected);
      }),
    );
  });

  it('copies a one-sided change to the other side when the direction allows it', () => {
    fc.assert(
      fc.property(anInput, (input) => {
        const decision = decideMerge(input);
        const onlyLocal = changed(input.baseline, input.local) && !changed(input.baseline, input.remote);
        const onlyRemote = !changed(input.baseline, input.local) && changed(input.baseline, input.remote);
        if (onlyLocal && input.direction !== 'inbound' && !same(input.local, input.remote))
          expect(decision.apply).toBe('to_remote');
        if (onlyRemote && input.direction !== 'outbound' && !same(input.local, input.remote))
          expect(decision.apply).toBe('to_local');
      }),
    );
  });

  it('never writes a side the direction does not allow, and does nothing when the sides agree', () => {
    fc.assert(
      fc.property(anInput, (input) => {
        const decision = decideMerge(input);
        if (input.direction === 'inbound') expect(decision.apply).not.toBe('to_remote');
        if (input.direction === 'outbound') expect(decision.apply).not.toBe('to_local');
        if (same(input.local, input.remote)) expect(decision).toEqual({ apply: 'none', conflict: false });
      }),
    );
  });

  it('settles conflicts as the strategy says', () => {
    fc.assert(
      fc.property(anInput, (input) => {
        const decision = decideMerge({ ...input, direction: 'bidirectional' });
        if (!decision.conflict) return;
        const expected: Record<ConflictStrategy, MergeDecision['apply']> = {
          local_wins: 'to_remote',
          remote_wins: 'to_local',
          manual: 'none',
          newest_wins: input.localUpdatedAt!.getTime() > input.remoteUpdatedAt!.getTime() ? 'to_remote' : 'to_local',
        };
        expect(decision.apply).toBe(expected[input.strategy]);
      }),
    );
  });

  it('leaves both sides equal after a bidirectional decision, unless the conflict is left to a person', () => {
    fc.assert(
      fc.property(anInput, (input) => {
        const bidirectional = { ...input, direction: 'bidirectional' as const };
        const decision = decideMerge(bidirectional);
        const after = applied(bidirectional, decision);
        if (decision.apply !== 'none' || !decision.conflict) {
          const converged =
            same(after.local, after.remote) ||
            (!changed(input.baseline, input.local) && !changed(input.baseline, input.remote));
          expect(converged).toBe(true);
        }
      }),
    );
  });

  it('is symmetric: swapping the sides swaps the decision', () => {
    const mirror: Record<ConflictStrategy, ConflictStrategy> = {
      local_wins: 'remote_wins',
      remote_wins: 'local_wins',
      newest_wins: 'newest_wins',
      manual: 'manual',
    };
    const flip = { to_local: 'to_remote', to_remote: 'to_local', none: 'none' } as const;
    fc.assert(
      fc.property(anInput, (input) => {
        fc.pre(input.localUpdatedAt!.getTime() !== input.remoteUpdatedAt!.getTime());
        const swapped = decideMerge({
          ...input,
          local: input.remote,
          remote: input.local,
          localUpdatedAt: input.remoteUpdatedAt,
          remoteUpdatedAt: input.localUpdatedAt,
          strategy: mirror[input.strategy],
          direction:
            input.direction === 'inbound' ? 'outbound' : input.direction === 'outbound' ? 'inbound' : 'bidirectional',
        });
        const decision = decideMerge(input);
        expect(swapped).toEqual({ ...decision, apply: flip[decision.apply] });
      }),
    );
  });
});

describe('changedFields', () => {
  it('lists the top-level fields that differ, all of them against a missing state', () => {
    expect(changedFields({ price: 1, colour: 'red' }, { price: 2, colour: 'red', make: 'Kia' })).toEqual([
      'make',
      'price',
    ]);
    expect(changedFields(undefined, { price: 1 })).toEqual(['price']);
    expect(changedFields({ price: 1 }, null)).toEqual(['price']);
  });

  it('names exactly the fields whose values are not deeply equal, in order', () => {
    const value = fc.oneof(
      fc.constantFrom(undefined, null, 0, -0, Number.NaN, '', 'red'),
      fc.integer({ min: 0, max: 2 }),
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
      fc.record({ amount: fc.integer({ min: 0, max: 1 }) }),
    );
    const state = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value);
    const missing = fc.constantFrom(undefined, null);
    fc.assert(
      fc.property(fc.oneof(state, missing), fc.oneof(state, missing), (from, to) => {
        const names = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])];
        const expected = names.filter((name) => !isDeepStrictEqual(from?.[name], to?.[name])).sort();

        expect(changedFields(from ?? undefined, to ?? null)).toEqual(expected);
      }),
    );
  });
});
