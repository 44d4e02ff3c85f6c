import type { ActorView } from './auth';
import type { ErrorDetail } from './errors';
import type { Page } from './pagination';
import type { ErrorCategory, ErrorSeverity, SessionStatus, SessionView, SyncErrorView } from './sessions';

/** Where an operator left a sync error: still to look at, fixed, or deliberately left alone. */
export const ERROR_STATUSES = ['open', 'resolved', 'ignored'] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

export const ERROR_ACTIONS = ['retry', 'resolve', 'ignore'] as const;
export type ErrorAction = (typeof ERROR_ACTIONS)[number];

/** Longest note accepted when resolving or ignoring an error. */
export const MAX_ERROR_NOTE_LENGTH = 2000;
/** Most errors one bulk request acts on. */
export const MAX_BULK_ERRORS = 500;
/** Days of the per-category trend in the errors summary (today included). */
export const ERROR_TREND_DAYS = 30;

/** Filters of `GET /errors`; `from`/`to` bound when the error was reported (`to` exclusive). */
export interface ErrorQuery {
  status?: ErrorStatus;
  category?: ErrorCategory;
  severity?: ErrorSeverity;
  integrationId?: string;
  entityType?: string;
  sessionId?: string;
  recordKey?: string;
  from?: string;
  to?: string;
  /** Part of the message or the code, case-insensitive. */
  q?: string;
  cursor?: string;
  limit?: number;
}

/**
 * A sync error as the errors list shows it: where it happened, and what was done about it. The
 * request and response excerpts and the stack trace come with the error's detail only.
 */
export interface ErrorItemView extends Omit<SyncErrorView, 'request' | 'response' | 'stack'> {
  status: ErrorStatus;
  integrationKey: string;
  entityType: string;
  /** Who resolved or ignored it (then `resolvedAt` says when); null while open. */
  resolvedBy: ActorView | null;
  resolutionNote: string | null;
  /** Whether Syncline ran the session: only then can the error's record be retried from here. */
  engineRun: boolean;
  /** The latest retry of its record from here, and how that run is going. */
  lastRetry: { sessionId: string; status: SessionStatus } | null;
}

export type ErrorPage = Page<ErrorItemView>;

/** One error with its request and response excerpts, stack trace, and the run it happened in. */
export interface ErrorDetailView extends ErrorItemView, Pick<SyncErrorView, 'request' | 'response' | 'stack'> {
  session: SessionView;
}

export interface ErrorSummaryQuery {
  integrationId?: string;
  from?: string;
  to?: string;
}

/** Open errors of one category, and how urgent they are together. */
export interface ErrorGroupView {
  category: ErrorCategory;
  open: number;
  bySeverity: Record<ErrorSeverity, number>;
  retryable: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /**
   * severity weight × frequency × recency (see the errors API docs): higher is more urgent. Comparable
   * between groups of one summary, not across summaries taken at different times.
   */
  priority: number;
  /** Errors of the category reported per UTC day (every status), aligned with `trendDays`. */
  trend: number[];
}

export interface ErrorSummaryView {
  generatedAt: string;
  /** Open errors in all categories. */
  open: number;
  /** Categories with open errors, most urgent first. */
  groups: ErrorGroupView[];
  /** The last ERROR_TREND_DAYS UTC days, oldest first (`YYYY-MM-DD`). */
  trendDays: string[];
}

export interface ErrorNoteRequest {
  note?: string;
}

/** A retry of an error's record: the new session that runs it, and the error as it is now. */
export interface ErrorRetried {
  sessionId: string;
  error: ErrorItemView;
}

export interface BulkErrorRequest {
  ids: string[];
  action: ErrorAction;
  /** For `resolve` and `ignore`. */
  note?: string;
}

/** How one error of a bulk request fared; errors of one session retried together share the `sessionId`. */
export interface BulkErrorOutcome {
  id: string;
  ok: boolean;
  /** For `retry`: the session that runs the record again. */
  sessionId?: string;
  error?: { statusCode: number; message: string; details: ErrorDetail[] };
}

export interface BulkErrorResponse {
  results: BulkErrorOutcome[];
}
