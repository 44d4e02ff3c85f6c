export const CONFLICT_STRATEGIES = ['local_wins', 'remote_wins', 'newest_wins', 'manual'] as const;
export type ConflictStrategy = (typeof CONFLICT_STRATEGIES)[number];

/** A record as a plain JSON object; `null` when the record does not exist (or was deleted) on that side. */
export type RecordState = Record<string, unknown> | null;

export const CAST_TYPES = ['string', 'number', 'integer', 'boolean', 'date'] as const;
export const DATE_FORMATS = ['iso', 'date', 'epoch_ms', 'epoch_s'] as const;

/** One step applied to a field's value while it is copied from one side to the other. */
export type FieldTransform =
  | { type: 'cast'; to: (typeof CAST_TYPES)[number] }
  | { type: 'round'; decimals: number }
  | { type: 'date_format'; format: (typeof DATE_FORMATS)[number] }
  | { type: 'enum_map'; values: Record<string, string>; fallback?: string }
  | { type: 'lookup'; table: Record<string, unknown>; fallback?: unknown }
  | { type: 'template'; template: string }
  | { type: 'trim' }
  | { type: 'lowercase' }
  | { type: 'uppercase' };

export type FieldTransformType = FieldTransform['type'];

/** Copies `from` (a dotted path in the source record) to `to` (a dotted path in the target record). */
export interface FieldMapping {
  from: string;
  to: string;
  transforms?: FieldTransform[];
  /** Used when the source value is missing or null. */
  default?: unknown;
  /** The target must end up with a value (after transforms and default). */
  required?: boolean;
}

/** How one entity type's records are keyed and mapped in each direction. */
export interface EntityMapping {
  entityType: string;
  localKey: string;
  remoteKey: string;
  toRemote: FieldMapping[];
  toLocal: FieldMapping[];
}

export type SyncSide = 'local' | 'remote';

export interface MergeDecision {
  /** Which side gets overwritten with the other's state, if any. */
  apply: 'none' | 'to_local' | 'to_remote';
  /** Both sides changed differently since the last synced baseline. */
  conflict: boolean;
}
