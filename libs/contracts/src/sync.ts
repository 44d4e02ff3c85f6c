import type { ErrorDetail } from './errors';
import type { SessionView, SyncDirection } from './sessions';

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

/** A rule each record of an entity must satisfy after a sync; verification reports the records that break it. */
export type IntegrityRule =
  | { type: 'required'; field: string }
  | { type: 'pattern'; field: string; pattern: string }
  /** The field's value must be the key of an existing local record of `entityType`. */
  | { type: 'reference'; field: string; entityType: string };

/** How one entity type of an integration is synced: keys, mappings, and what overrides the integration's defaults. */
export interface EntitySyncSettings extends EntityMapping {
  /** Direction of scheduled syncs (default `bidirectional`). */
  direction?: SyncDirection;
  conflictStrategy?: ConflictStrategy;
  integrity?: IntegrityRule[];
}

export interface RetrySettings {
  /** Tries per request, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Global sync configuration (`GET/PUT /config`); an integration's `syncSettings` override any part of it. */
export interface SyncSettings {
  /** Records read, compared and applied per batch. */
  batchSize: number;
  retry: RetrySettings;
  /** Failed records of a partial session are retried automatically after this delay; 0 turns it off. */
  failedRecordRetryDelayMs: number;
  /** The shortest schedule interval accepted, in seconds. */
  minIntervalSeconds: number;
  conflictStrategy: ConflictStrategy;
  /** Verify counts, gaps and integrity after each sync. */
  verify: boolean;
  /** Resync the gaps verification finds, at once. */
  autoResyncGaps: boolean;
  /** A sync still running after this long is stopped as `timed_out`. */
  sessionTimeoutMs: number;
  /** Syncs each worker process runs at once. */
  workerConcurrency: number;
}

export type SyncSettingsOverride = Partial<Omit<SyncSettings, 'retry' | 'workerConcurrency' | 'minIntervalSeconds'>> & {
  retry?: Partial<RetrySettings>;
};

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  batchSize: 1000,
  retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 },
  failedRecordRetryDelayMs: 5 * 60_000,
  minIntervalSeconds: 60,
  conflictStrategy: 'newest_wins',
  verify: true,
  autoResyncGaps: false,
  sessionTimeoutMs: 60 * 60_000,
  workerConcurrency: 4,
};

export const SYNC_MODES = ['full', 'incremental'] as const;
/** `full` reads every record of both sides; `incremental` only what changed since the last run. */
export type SyncMode = (typeof SYNC_MODES)[number];

export interface ManualSyncRequest {
  integrationId: string;
  entityType: string;
  direction: SyncDirection;
  mode?: SyncMode;
}

export interface SyncTriggered {
  sessionId: string;
  jobId: string;
}

export interface SyncStatusView {
  active: SessionView[];
  pending: SessionView[];
  /** Failed, partial and timed-out syncs of the last 24 hours. */
  failed: SessionView[];
}

export interface SyncProgressView {
  session: SessionView;
  /** 0–100 once the total is known. */
  percent: number | null;
  etaMs: number | null;
  cancelRequested: boolean;
}

export interface QueuedSyncView {
  /** 1 for the next sync to start. */
  position: number;
  session: SessionView;
  estimatedWaitMs: number;
}

export const SESSION_RETRY_SCOPES = ['all', 'failed'] as const;
/** `all` runs the whole sync again; `failed` only the records that failed in that session. */
export type SessionRetryScope = (typeof SESSION_RETRY_SCOPES)[number];

export const BULK_SYNC_ACTIONS = ['trigger', 'cancel', 'retry'] as const;
export type BulkSyncAction = (typeof BULK_SYNC_ACTIONS)[number];

export interface BulkSyncRequest {
  action: BulkSyncAction;
  /** For `trigger`. */
  syncs?: ManualSyncRequest[];
  /** For `cancel` and `retry`. */
  sessionIds?: string[];
  /** For `retry`. */
  scope?: SessionRetryScope;
}

export interface BulkSyncOutcome {
  index: number;
  ok: boolean;
  sessionId?: string;
  error?: { statusCode: number; message: string };
}

export interface VerificationView {
  localCount: number;
  remoteCount: number;
  /** Keys on the remote side with no local record, and the other way round (first 20 of each). */
  missingLocally: { count: number; sample: string[] };
  missingRemotely: { count: number; sample: string[] };
  integrity: { violations: number; sample: { key: string; field: string; reason: string }[] };
  passed: boolean;
  /** Gap records synced again by automatic resync. */
  resynced: number;
  checkedAt: string;
}

export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

export interface ConflictView {
  id: string;
  integrationId: string;
  entityType: string;
  sessionId: string;
  recordKey: string;
  baseline: RecordState;
  local: RecordState;
  remote: RecordState;
  localChangedFields: string[];
  remoteChangedFields: string[];
  strategy: ConflictStrategy;
  /** What the strategy did: the side overwritten, or `none` (manual: both left untouched). */
  applied: MergeDecision['apply'];
  status: ConflictStatus;
  localUpdatedAt: string | null;
  remoteUpdatedAt: string | null;
  detectedAt: string;
}

export interface MappingPreviewRequest {
  entityType: string;
  /** Which mapping to preview: remote records mapped to local (`inbound`) or the other way. */
  direction: 'inbound' | 'outbound';
  /** Sample records to transform; read from the source side when absent. */
  records?: Record<string, unknown>[];
  /** Unsaved mapping to try; the saved one when absent. */
  mapping?: FieldMapping[];
  limit?: number;
}

export interface MappingPreviewItem {
  key: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  problems: ErrorDetail[];
}
