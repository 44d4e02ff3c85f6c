import { ERROR_CATEGORIES, ERROR_SEVERITIES, type ErrorCategory, type ErrorSeverity } from '@syncline/contracts';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { ReportedForSession } from './reported-for-session.entity';

/** A categorised failure reported during a session (a record, a request, or the run itself). */
@Entity('sync_errors')
@Index('sync_errors_session', ['sessionId', 'id'])
@Index('sync_errors_integration_recent', ['integrationId', 'createdAt'])
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

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Index('sync_errors_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
