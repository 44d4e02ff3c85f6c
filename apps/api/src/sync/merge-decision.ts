import type { ConflictStrategy, MergeDecision, RecordState, SyncDirection } from '@syncline/contracts';
import { isDeepStrictEqual } from 'node:util';

export interface MergeInput {
  /** The state both sides had after the last sync; undefined when the record was never synced. */
  baseline: RecordState | undefined;
  local: RecordState;
  remote: RecordState;
  direction: SyncDirection;
  strategy: ConflictStrategy;
  /** When each side last changed, for `newest_wins`. */
  localUpdatedAt?: Date;
  remoteUpdatedAt?: Date;
}

const NOTHING: MergeDecision = { apply: 'none', conflict: false };

/**
 * The three-way decision for one record: what changed since the baseline on each side, and so which
 * side to overwrite. When both changed differently it is a conflict, settled by the strategy
 * (`manual` leaves both untouched). A side the direction does not write is never overwritten.
 */
export function decideMerge(input: MergeInput): MergeDecision {
  const { baseline, local, remote } = input;
  if (isDeepStrictEqual(local, remote)) return NOTHING;
  const localChanged = baseline === undefined ? local !== null : !isDeepStrictEqual(local, baseline);
  const remoteChanged = baseline === undefined ? remote !== null : !isDeepStrictEqual(remote, baseline);
  if (localChanged && remoteChanged) return { apply: allowed(input, winner(input)), conflict: true };
  if (localChanged) return { apply: allowed(input, 'to_remote'), conflict: false };
  if (remoteChanged) return { apply: allowed(input, 'to_local'), conflict: false };
  return NOTHING;
}

function winner(input: MergeInput): MergeDecision['apply'] {
  switch (input.strategy) {
    case 'local_wins':
      return 'to_remote';
    case 'remote_wins':
      return 'to_local';
    case 'newest_wins': {
      const local = input.localUpdatedAt?.getTime() ?? -Infinity;
      const remote = input.remoteUpdatedAt?.getTime() ?? -Infinity;
      // On a tie the remote side wins: it is the system the integration reads from.
      return local > remote ? 'to_remote' : 'to_local';
    }
    case 'manual':
      return 'none';
  }
}

function allowed(input: MergeInput, apply: MergeDecision['apply']): MergeDecision['apply'] {
  if (apply === 'to_local' && input.direction === 'outbound') return 'none';
  if (apply === 'to_remote' && input.direction === 'inbound') return 'none';
  return apply;
}

/** Top-level fields whose values differ between two states (all fields of a missing state). */
export function changedFields(from: RecordState | undefined, to: RecordState): string[] {
  // A created or deleted record, most of a first sync: every field that has a value.
  if (!from || !to) return present(from ?? to ?? {});
  const names = new Set([...Object.keys(from), ...Object.keys(to)]);
  return [...names]
    .filter((name) => !Object.is(from[name], to[name]) && !isDeepStrictEqual(from[name], to[name]))
    .sort();
}

function present(state: Record<string, unknown>): string[] {
  return Object.keys(state)
    .filter((name) => state[name] !== undefined)
    .sort();
}
