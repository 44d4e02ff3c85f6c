import type { EntitySyncSettings, ErrorDetail, FieldTransform } from '@syncline/contracts';
import { applyMapping, applyTransform, readPath } from './field-mapping';

/**
 * Records are compared in one shape: the local one, as the `toLocal` mapping produces it. A remote
 * record is mapped; a local record is read at the mapped fields and normalised by the mapping's type
 * transforms (cast, round, date formats but epoch seconds), which give the same value when applied twice — so a price
 * stored as numeric "12.50" and a remote 12.5 compare equal. Empty fields (null or missing) are left
 * out on both sides, so "missing" and "cleared" never differ.
 */
function normalises(transform: FieldTransform): boolean {
  // Epoch seconds read back as a number would be taken for milliseconds: not the same value twice.
  if (transform.type === 'date_format') return transform.format !== 'epoch_s';
  return transform.type === 'cast' || transform.type === 'round';
}

export type Shaped = { ok: true; state: Record<string, unknown> } | { ok: false; problems: ErrorDetail[] };

export function remoteToCanonical(remote: Record<string, unknown>, entity: EntitySyncSettings): Shaped {
  const { record, problems } = applyMapping(remote, entity.toLocal);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, state: compact(record) };
}

export function localToCanonical(local: Record<string, unknown>, entity: EntitySyncSettings): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const mapping of entity.toLocal) {
    let value = readPath(local, mapping.to);
    for (const transform of mapping.transforms ?? []) {
      if (value === null || value === undefined || !normalises(transform)) continue;
      const outcome = applyTransform(value, transform, local);
      if (outcome.ok) value = outcome.value;
    }
    if (value !== null && value !== undefined) state[mapping.to] = value;
  }
  return state;
}

/** What to write to the local side: every mapped field, cleared ones as null, plus the key. */
export function canonicalToLocalWrite(
  state: Record<string, unknown>,
  entity: EntitySyncSettings,
): Record<string, unknown> {
  const write: Record<string, unknown> = {};
  for (const { to } of entity.toLocal) write[to] = state[to] ?? null;
  return write;
}

export function localToRemoteWrite(local: Record<string, unknown>, entity: EntitySyncSettings): Shaped {
  const { record, problems } = applyMapping(local, entity.toRemote);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, state: record };
}

function compact(state: Record<string, unknown>): Record<string, unknown> {
  const compacted: Record<string, unknown> = {};
  for (const field of Object.keys(state)) {
    if (state[field] !== null && state[field] !== undefined) compacted[field] = state[field];
  }
  return compacted;
}
