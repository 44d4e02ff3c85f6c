export const SYNC_QUEUE = 'sync';

/** Every job of the sync queue. A run's job id is its session id, so a session is queued at most once. */
export const SYNC_JOBS = {
  /** Runs the session named in the data. */
  run: 'run',
  /** Queues a sync of one integration entity (from its schedule). */
  scheduled: 'scheduled',
  /** Retries the failed records of a partial session, a while after it ended. */
  retryFailed: 'retry-failed',
  /** Re-queues sessions PostgreSQL holds as queued or running but Redis lost. */
  sweep: 'sweep',
} as const;

export type SyncJob =
  | { name: typeof SYNC_JOBS.run; data: { sessionId: string } }
  | { name: typeof SYNC_JOBS.scheduled; data: { integrationId: string; entityType: string } }
  | { name: typeof SYNC_JOBS.retryFailed; data: { sessionId: string } }
  | { name: typeof SYNC_JOBS.sweep; data: Record<string, never> };

export const scheduleId = (integrationId: string, entityType: string) => `schedule:${integrationId}:${entityType}`;
