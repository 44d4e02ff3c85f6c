export const MAINTENANCE_QUEUE = 'maintenance';

/** Every job the maintenance queue runs; the processor handles each exhaustively. */
export const MAINTENANCE_JOBS = {
  purgeExpiredSessions: 'purge-expired-sessions',
  prepareRecordLogPartitions: 'prepare-record-log-partitions',
  applyRetention: 'apply-retention',
  sampleQueueDepth: 'sample-queue-depth',
} as const;
export type MaintenanceJobName = (typeof MAINTENANCE_JOBS)[keyof typeof MAINTENANCE_JOBS];
