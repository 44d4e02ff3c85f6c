import type { RecordLogView, SessionView, SyncErrorView } from '@syncline/contracts';
import type { ExportColumn } from '../core/http/export-writer';

export const SESSION_COLUMNS: ExportColumn<SessionView>[] = [
  { header: 'id', value: (s) => s.id },
  { header: 'integration', value: (s) => s.integrationKey },
  { header: 'entity_type', value: (s) => s.entityType },
  { header: 'direction', value: (s) => s.direction },
  { header: 'trigger', value: (s) => s.trigger },
  { header: 'status', value: (s) => s.status },
  { header: 'stage', value: (s) => s.stage },
  ...(['total', 'processed', 'created', 'updated', 'deleted', 'skipped', 'failed', 'conflicts'] as const).map(
    (counter): ExportColumn<SessionView> => ({ header: counter, value: (s) => s.counters[counter] }),
  ),
  { header: 'duration_ms', value: (s) => s.durationMs },
  { header: 'throughput', value: (s) => s.throughput },
  { header: 'attempt', value: (s) => s.attempt },
  { header: 'triggered_by', value: (s) => s.triggeredBy.name },
  { header: 'status_reason', value: (s) => s.statusReason },
  { header: 'started_at', value: (s) => s.startedAt },
  { header: 'finished_at', value: (s) => s.finishedAt },
  { header: 'created_at', value: (s) => s.createdAt },
];

/** One session's records and errors in one sheet: a `kind` column tells them apart. */
export type SessionExportRow = { kind: 'record'; record: RecordLogView } | { kind: 'error'; error: SyncErrorView };

export const SESSION_DETAIL_COLUMNS: ExportColumn<SessionExportRow>[] = [
  { header: 'kind', value: (row) => row.kind },
  { header: 'id', value: (row) => (row.kind === 'record' ? row.record.id : row.error.id) },
  { header: 'local_key', value: (row) => (row.kind === 'record' ? row.record.localKey : row.error.recordKey) },
  { header: 'remote_key', value: (row) => (row.kind === 'record' ? row.record.remoteKey : null) },
  { header: 'action', value: (row) => (row.kind === 'record' ? row.record.action : null) },
  { header: 'changed_fields', value: (row) => (row.kind === 'record' ? row.record.changedFields.join(' ') : null) },
  { header: 'before', value: (row) => (row.kind === 'record' ? row.record.before : null) },
  { header: 'after', value: (row) => (row.kind === 'record' ? row.record.after : null) },
  { header: 'category', value: (row) => (row.kind === 'error' ? row.error.category : null) },
  { header: 'severity', value: (row) => (row.kind === 'error' ? row.error.severity : null) },
  { header: 'message', value: (row) => (row.kind === 'record' ? row.record.error : row.error.message) },
  { header: 'created_at', value: (row) => (row.kind === 'record' ? row.record.createdAt : row.error.createdAt) },
];
