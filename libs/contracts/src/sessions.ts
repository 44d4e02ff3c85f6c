import type { ActorView } from './auth';
import type { SyncMode, VerificationView } from './sync';

export const SYNC_DIRECTIONS = ['inbound', 'outbound', 'bidirectional'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

export const SYNC_TRIGGERS = ['scheduled', 'manual', 'api', 'retry', 'reconciliation'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export const SESSION_STATUSES = [
  'queued',
  'running',
  'completed',
  'partial',
  'failed',
  'cancelled',
  'timed_out',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const TERMINAL_STATUSES = ['completed', 'partial', 'failed', 'cancelled', 'timed_out'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** The lifecycle: which statuses a session may move to from each status. Terminal statuses are final. */
export const STATUS_TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  queued: ['running', 'failed', 'cancelled', 'timed_out'],
  running: TERMINAL_STATUSES,
  completed: [],
  partial: [],
  failed: [],
  cancelled: [],
  timed_out: [],
};

export function isTerminal(status: SessionStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly SessionStatus[]).includes(status);
}

export const SYNC_STAGES = ['fetch', 'compare', 'apply', 'verify'] as const;
export type SyncStage = (typeof SYNC_STAGES)[number];

export const SESSION_COUNTERS = [
  'total',
  'processed',
  'created',
  'updated',
  'deleted',
  'skipped',
  'failed',
  'conflicts',
] as const;
export type SessionCounter = (typeof SESSION_COUNTERS)[number];
export type SessionCounters = Record<SessionCounter, number>;

/** Milliseconds spent in each stage. */
export type PhaseTimings = Partial<Record<SyncStage, number>>;

export interface SessionView {
  id: string;
  integrationId: string;
  integrationKey: string;
  entityType: string;
  direction: SyncDirection;
  trigger: SyncTrigger;
  /** How Syncline ran it; null for a session an integration reported. */
  mode: SyncMode | null;
  status: SessionStatus;
  stage: SyncStage | null;
  counters: SessionCounters;
  phaseTimings: PhaseTimings;
  /** Records processed per second over the session so far. */
  throughput: number | null;
  attempt: number;
  parentSessionId: string | null;
  externalRef: string | null;
  triggeredBy: ActorView;
  /** A short reason for a failed, cancelled or timed-out session. */
  statusReason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface SessionDetailView extends SessionView {
  /** Error counts of this session by category. */
  errorsByCategory: Partial<Record<ErrorCategory, number>>;
  /** What the check after the sync found; null until verified or for reported sessions. */
  verification: VerificationView | null;
}

export interface CreateSessionRequest {
  integrationId: string;
  entityType: string;
  direction: SyncDirection;
  trigger?: SyncTrigger;
  /** The caller's own id for this run; a repeated create with the same reference returns the same session. */
  externalRef?: string;
  /** Start directly as `running` (the default) or `queued`. */
  status?: 'queued' | 'running';
  total?: number;
}

export interface UpdateSessionRequest {
  status?: SessionStatus;
  stage?: SyncStage;
  counters?: Partial<SessionCounters>;
  phaseTimings?: PhaseTimings;
  statusReason?: string;
}

export const RECORD_ACTIONS = ['create', 'update', 'delete', 'skip', 'fail', 'conflict'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** Records accepted in one `POST /sessions/:id/records` request. */
export const MAX_RECORDS_PER_BATCH = 10_000;
/** Largest accepted `before` or `after` state of one record, as JSON. */
export const MAX_RECORD_STATE_BYTES = 64 * 1024;

export interface RecordLogInput {
  localKey?: string;
  remoteKey?: string;
  action: RecordAction;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Omitted (or empty) for a create or a delete: every field of its state changed, and is listed so when read. */
  changedFields?: string[];
  error?: string;
}

export interface RecordLogView {
  id: string;
  sessionId: string;
  localKey: string | null;
  remoteKey: string | null;
  action: RecordAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** For a create or a delete logged without them, the fields of its `after` or `before` state. */
  changedFields: string[];
  error: string | null;
  createdAt: string;
}

export const ERROR_CATEGORIES = [
  'network',
  'timeout',
  'auth',
  'rate_limit',
  'validation',
  'data_integrity',
  'conflict',
  'remote_server',
  'internal',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export const ERROR_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type ErrorSeverity = (typeof ERROR_SEVERITIES)[number];

export interface SyncErrorInput {
  category: ErrorCategory;
  severity?: ErrorSeverity;
  code?: string;
  message: string;
  retryable?: boolean;
  retryCount?: number;
  recordKey?: string;
  request?: Record<string, unknown>;
  response?: Record<string, unknown>;
  stack?: string;
}

export interface SyncErrorView extends Required<
  Omit<SyncErrorInput, 'recordKey' | 'code' | 'request' | 'response' | 'stack'>
> {
  id: string;
  sessionId: string;
  integrationId: string;
  code: string | null;
  recordKey: string | null;
  request: Record<string, unknown> | null;
  response: Record<string, unknown> | null;
  stack: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export const METRIC_NAMES = [
  'api_latency_ms',
  'throughput_rps',
  'phase_duration_ms',
  'queue_depth',
  'cache_hit_rate',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export interface MetricSampleInput {
  name: MetricName;
  value: number;
  /** e.g. `{ "stage": "fetch" }` or `{ "endpoint": "/vehicles" }` */
  labels?: Record<string, string>;
  recordedAt?: string;
}

export interface SessionQuery {
  from?: string;
  to?: string;
  integrationId?: string;
  entityType?: string;
  direction?: SyncDirection;
  status?: SessionStatus;
  trigger?: SyncTrigger;
  /** A local or remote record key: finds the sessions that touched that record. */
  recordKey?: string;
  cursor?: string;
  limit?: number;
}
