import {
  ERROR_CATEGORIES,
  ERROR_SEVERITIES,
  ERROR_STATUSES,
  type ActorKind,
  type ErrorCategory,
  type ErrorSeverity,
  type ErrorStatus,
} from '@syncline/contracts';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { ReportedForSession } from './reported-for-session.entity';

/** A categorised failure reported during a session (a record, a request, or the run itself). */
@Entity('sync_errors')
@Index('sync_errors_session', ['sessionId', 'id'])
@Index('sync_errors_integration_recent', ['integrationId', 'createdAt'])
@Index('sync_errors_triage', ['status', 'category', 'id'])
@Index('sync_errors_integration_triage', ['integrationId', 'status', 'id'])
@Index('sync_errors_record_key', ['recordKey'], { where: '"record_key" IS NOT NULL' })
export class SyncError extends ReportedForSession {
  @Column({ type: 'enum', enum: ERROR_CATEGORIES, enumName: 'error_category' })
  category: ErrorCategory;

  @Column({ type: 'enum', enum: ERROR_SEVERITIES, enumName: 'error_severity' })
  severity: ErrorSeverity;

  @Column({ type: 'text', nullable: true })
  code: string | null;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'boolean' })
  retryable: boolean;

  @Column({ name: 'retry_count', type: 'int' })
  retryCount: number;

  @Column({ name: 'record_key', type: 'text', nullable: true })
  recordKey: string | null;

  @Column({ type: 'jsonb', nullable: true })
  request: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  response: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  stack: string | null;

  @Column({ type: 'enum', enum: ERROR_STATUSES, enumName: 'error_status', default: 'open' })
  status: ErrorStatus;

  /** When it was resolved or ignored. */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Who resolved or ignored it: a user, an API key, or Syncline (no id). */
  @Column({ name: 'resolved_by_kind', type: 'text', nullable: true })
  resolvedByKind: ActorKind | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_by_name', type: 'text', nullable: true })
  resolvedByName: string | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null;

  /** The latest session that ran this error's record again. */
  @Column({ name: 'retry_session_id', type: 'uuid', nullable: true })
  retrySessionId: string | null;

  @Index('sync_errors_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
