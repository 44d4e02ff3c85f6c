import type { AlertView } from './alerts';
import type { ConnectionCheck } from './integrations';
import type { SessionStatus, SessionView } from './sessions';

/** How one Syncline process (API or worker) is doing, reported by the process itself every few seconds. */
export interface ProcessLoadView {
  role: 'api' | 'worker';
  host: string;
  pid: number;
  cpuPercent: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapLimitBytes: number;
  /** The event loop's p99 delay over the last report period. */
  eventLoopLagMs: number;
  uptimeSeconds: number;
  reportedAt: string;
}

/** A process is listed while it reported within this long. */
export const PROCESS_LOAD_TTL_MS = 30_000;
export const PROCESS_LOAD_INTERVAL_MS = 5_000;

export const DASHBOARD_WINDOWS = ['24h', '7d', '30d'] as const;
export type DashboardWindow = (typeof DASHBOARD_WINDOWS)[number];

/** Finished syncs over a window, from the rollups. */
export interface SyncRates {
  finished: number;
  byStatus: Partial<Record<'completed' | 'partial' | 'failed' | 'cancelled' | 'timed_out', number>>;
  /** Share of finished syncs that ran to the end (completed or partial), 0–1; null without syncs. */
  completionRate: number | null;
  /** Share of finished syncs that completed without a failed record, 0–1; null without syncs. */
  successRate: number | null;
  avgDurationMs: number | null;
  p95DurationMs: number | null;
  recordsProcessed: number;
}

export const HEALTH_STATUSES = ['healthy', 'degraded', 'down', 'idle'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** One card of the dashboard: an integration's entity type. */
export interface EntityStatusView {
  integrationId: string;
  integrationKey: string;
  integrationName: string;
  integrationStatus: string;
  entityType: string;
  health: HealthStatus;
  lastSync: {
    sessionId: string;
    status: SessionStatus;
    finishedAt: string | null;
    durationMs: number | null;
    processed: number;
    failed: number;
  } | null;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  successRate7d: number | null;
  recordsSynced30d: number;
  /** From the last verification: keys missing on one side. */
  gaps: number | null;
  integrityViolations: number | null;
  openAlerts: number;
}

export interface CredentialStatusView {
  integrationId: string;
  integrationKey: string;
  credentialsSet: boolean;
  rotatedAt: string | null;
  /** An authentication alert is open for the integration. */
  failing: boolean;
}

export interface DashboardView {
  generatedAt: string;
  overview: {
    activeSyncs: number;
    queuedSyncs: number;
    rates: Record<DashboardWindow, SyncRates>;
    /** The longest-running Syncline process. */
    uptimeSeconds: number | null;
  };
  entities: EntityStatusView[];
  /** Syncs running or queued now (the first 50). */
  currentSessions: SessionView[];
  /** Daily finished syncs and success rate, 30 days, oldest first. */
  trend: { day: string; finished: number; succeeded: number; successRate: number | null }[];
  system: { processes: ProcessLoadView[] };
  alerts: {
    open: Record<'info' | 'warning' | 'error' | 'critical', number>;
    recent: AlertView[];
  };
  quickStats: {
    recordsSynced24h: number;
    recordsByEntity30d: { entityType: string; records: number }[];
    credentials: CredentialStatusView[];
  };
}

/** `GET /api/v1/integrations/:id/health` (and `/api/admin/integrations/:key/health`). */
export interface IntegrationHealthView {
  integrationId: string;
  integrationKey: string;
  status: Exclude<HealthStatus, 'idle'>;
  reasons: string[];
  local: ConnectionCheck;
  remote: ConnectionCheck;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  /** Share of finished syncs that did not fail, 0–1, per window; null without syncs. */
  uptime: Record<DashboardWindow, number | null>;
  openAlerts: number;
  checkedAt: string;
}

export interface MonitoringStatusView {
  status: 'ok' | 'degraded';
  problems: string[];
  rollups: { latestMinute: string | null; rows: number };
  alerting: { lastEvaluationAt: string | null; enabledRules: number; openAlerts: number };
  notifications: { pending: number; failedLast24h: number };
  dashboardCache: { entries: number; ttlSeconds: number };
  liveEvents: { streamLength: number; lastEventId: string | null };
  processes: ProcessLoadView[];
}
