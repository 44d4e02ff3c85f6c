import type { ActorView } from './auth';
import type { Page } from './pagination';

export const ALERT_TYPES = [
  'sync_failure',
  'consecutive_failures',
  'performance_degradation',
  'high_error_rate',
  'integration_down',
  'no_recent_sync',
  'data_quality_issue',
  'conflict_spike',
  'authentication_failure',
  'rate_limit_exceeded',
  'timeout_threshold',
  'resource_exhaustion',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** firing → acknowledged → resolved; `suppressed` until a time, then firing again if still open. */
export const ALERT_STATUSES = ['firing', 'acknowledged', 'suppressed', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertParamSpec {
  label: string;
  unit: string;
  default: number;
  min: number;
  max: number;
}

/**
 * What each alert type measures and the thresholds a rule may set for it, declared once: the API
 * validates rules against it and the admin app builds the rule editor from it.
 */
export const ALERT_TYPE_SPECS: Record<
  AlertType,
  { description: string; severity: AlertSeverity; params: Record<string, AlertParamSpec> }
> = {
  sync_failure: {
    description: 'A sync ended failed or timed out',
    severity: 'error',
    params: {},
  },
  consecutive_failures: {
    description: 'The last N syncs of an entity all failed',
    severity: 'critical',
    params: { count: { label: 'Failures in a row', unit: 'syncs', default: 3, min: 2, max: 100 } },
  },
  performance_degradation: {
    description: 'A sync took far longer than the entity’s recent median',
    severity: 'warning',
    params: {
      factor: { label: 'Slower than median by', unit: '×', default: 2, min: 1.1, max: 100 },
      baselineDays: { label: 'Median over the last', unit: 'days', default: 7, min: 1, max: 30 },
      minSamples: { label: 'Only after', unit: 'syncs', default: 5, min: 1, max: 1000 },
    },
  },
  high_error_rate: {
    description: 'Failed records exceed a share of processed records over a window',
    severity: 'error',
    params: {
      percent: { label: 'Error rate above', unit: '%', default: 10, min: 0.1, max: 100 },
      windowMinutes: { label: 'Over the last', unit: 'minutes', default: 60, min: 5, max: 1440 },
      minRecords: { label: 'Only after', unit: 'records', default: 20, min: 1, max: 1_000_000 },
    },
  },
  integration_down: {
    description: 'A side of the integration does not answer or refuses its credentials',
    severity: 'critical',
    params: { failedChecks: { label: 'Failed checks in a row', unit: 'checks', default: 2, min: 1, max: 60 } },
  },
  no_recent_sync: {
    description: 'No successful sync of an entity for a while',
    severity: 'warning',
    params: { windowMinutes: { label: 'No success for', unit: 'minutes', default: 360, min: 5, max: 43_200 } },
  },
  data_quality_issue: {
    description: 'Verification found gaps or records breaking integrity rules',
    severity: 'warning',
    params: { minIssues: { label: 'At least', unit: 'issues', default: 1, min: 1, max: 1_000_000 } },
  },
  conflict_spike: {
    description: 'Many conflicts detected over a window',
    severity: 'warning',
    params: {
      threshold: { label: 'More than', unit: 'conflicts', default: 10, min: 1, max: 1_000_000 },
      windowMinutes: { label: 'Over the last', unit: 'minutes', default: 60, min: 5, max: 1440 },
    },
  },
  authentication_failure: {
    description: 'A side refused Syncline’s credentials',
    severity: 'critical',
    params: {
      threshold: { label: 'At least', unit: 'auth errors', default: 1, min: 1, max: 1000 },
      windowMinutes: { label: 'Over the last', unit: 'minutes', default: 60, min: 5, max: 1440 },
    },
  },
  rate_limit_exceeded: {
    description: 'The remote side throttles Syncline (429 answers)',
    severity: 'warning',
    params: {
      threshold: { label: 'At least', unit: '429 answers', default: 10, min: 1, max: 1_000_000 },
      windowMinutes: { label: 'Over the last', unit: 'minutes', default: 60, min: 5, max: 1440 },
    },
  },
  timeout_threshold: {
    description: 'Requests or whole syncs time out',
    severity: 'error',
    params: {
      threshold: { label: 'At least', unit: 'timeouts', default: 3, min: 1, max: 1_000_000 },
      windowMinutes: { label: 'Over the last', unit: 'minutes', default: 60, min: 5, max: 1440 },
    },
  },
  resource_exhaustion: {
    description: 'A Syncline process runs out of memory or event-loop time, or the queue piles up',
    severity: 'critical',
    params: {
      memoryPercent: { label: 'Heap used above', unit: '%', default: 90, min: 10, max: 100 },
      eventLoopLagMs: { label: 'Event-loop lag above', unit: 'ms', default: 1000, min: 10, max: 60_000 },
      queueDepth: { label: 'Queued syncs above', unit: 'jobs', default: 1000, min: 1, max: 1_000_000 },
    },
  },
};

/** Minutes an unacknowledged alert waits before it escalates, by severity (null: never). */
export const DEFAULT_ESCALATION_MINUTES: Record<AlertSeverity, number | null> = {
  info: null,
  warning: null,
  error: 60,
  critical: 15,
};
export const DEFAULT_SUPPRESSION_MINUTES = 15;

export interface EscalationPolicy {
  /** Null: the severity's default (critical 15, error 60, otherwise never). 0: never. */
  afterMinutes: number | null;
  channelIds: string[];
}

export interface AlertRuleInput {
  name: string;
  type: AlertType;
  /** Null or absent: every integration. */
  integrationId?: string | null;
  /** Null or absent: every entity type. */
  entityType?: string | null;
  /** Defaults to the type's severity. */
  severity?: AlertSeverity;
  /** Thresholds, as ALERT_TYPE_SPECS declares for the type; missing ones take their default. */
  params?: Record<string, number>;
  channelIds?: string[];
  /** A repeat within this many minutes of the last notification is counted, not notified. Default 15. */
  suppressionMinutes?: number;
  escalation?: EscalationPolicy;
  enabled?: boolean;
}

export interface AlertRuleView extends Required<Omit<AlertRuleInput, 'integrationId' | 'entityType'>> {
  id: string;
  integrationId: string | null;
  entityType: string | null;
  /** Created by Syncline for a new integration. */
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AlertView {
  id: string;
  ruleId: string | null;
  type: AlertType;
  severity: AlertSeverity;
  status: AlertStatus;
  /** Same rule, integration and entity: a repeat updates the open alert instead of opening another. */
  fingerprint: string;
  integrationId: string | null;
  integrationKey: string | null;
  entityType: string | null;
  sessionId: string | null;
  title: string;
  message: string;
  /** What was measured and against what (value, threshold, window…). */
  details: Record<string, unknown>;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: ActorView | null;
  resolvedAt: string | null;
  resolvedBy: ActorView | null;
  /** Set when resolved: the person's note, or why Syncline resolved it. */
  resolution: string | null;
  suppressedUntil: string | null;
  escalatedAt: string | null;
  /** Why the alert was not notified, if it was not (rate limit). */
  notificationSkipped: string | null;
}

export interface AlertQuery {
  status?: AlertStatus;
  severity?: AlertSeverity;
  type?: AlertType;
  integrationId?: string;
  cursor?: string;
  limit?: number;
}

export type AlertPage = Page<AlertView>;

export interface AlertNoteRequest {
  note?: string;
}

export interface SuppressAlertRequest {
  until: string;
  note?: string;
}

export const NOTIFICATION_CHANNEL_TYPES = ['email', 'webhook', 'in_app', 'live'] as const;
export type NotificationChannelType = (typeof NOTIFICATION_CHANNEL_TYPES)[number];

export type NotificationChannelConfig =
  | { type: 'email'; to: string[] }
  | { type: 'webhook'; url: string; format: 'json' | 'slack' }
  | { type: 'in_app' }
  | { type: 'live' };

export interface NotificationChannelInput {
  name: string;
  config: NotificationChannelConfig;
  enabled?: boolean;
}

export interface NotificationChannelView {
  id: string;
  name: string;
  type: NotificationChannelType;
  config: NotificationChannelConfig;
  enabled: boolean;
  /** Webhooks: whether a signing secret is set. The secret itself is shown once, when created or rotated. */
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A created webhook channel, with its signing secret: the only time it is shown. */
export interface CreatedNotificationChannel extends NotificationChannelView {
  secret: string | null;
}

export const NOTIFICATION_KINDS = ['fired', 'escalated', 'resolved', 'test'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'rate_limited'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface NotificationDeliveryView {
  id: string;
  channelId: string;
  alertId: string | null;
  kind: NotificationKind;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
