import {
  SESSION_STATUSES,
  SYNC_DIRECTIONS,
  SYNC_MODES,
  SYNC_STAGES,
  SYNC_TRIGGERS,
  type PhaseTimings,
  type SessionStatus,
  type SessionRetryScope,
  type SyncDirection,
  type SyncMode,
  type SyncStage,
  type SyncTrigger,
  type VerificationView,
} from '@syncline/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Integration } from '../../integrations/entities/integration.entity';

const counter = (name: string) => ({ name, type: 'int' as const, default: 0 });

/** One run of a sync, whether Syncline ran it or an integration reported it. */
@Entity('sync_sessions')
@Index('sync_sessions_history', ['createdAt', 'id'])
@Index('sync_sessions_integration_history', ['integrationId', 'entityType', 'createdAt'])
@Index('sync_sessions_one_engine_run', ['integrationId', 'entityType'], {
  unique: true,
  where: `"mode" IS NOT NULL AND "status" IN ('queued', 'running')`,
})
@Index('sync_sessions_external_ref', ['integrationId', 'externalRef'], {
  unique: true,
  where: '"external_ref" IS NOT NULL',
})
export class SyncSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'integration_id' })
  integration?: Integration;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ type: 'enum', enum: SYNC_DIRECTIONS, enumName: 'sync_direction' })
  direction: SyncDirection;

  @Column({ type: 'enum', enum: SYNC_TRIGGERS, enumName: 'sync_trigger' })
  trigger: SyncTrigger;

  /** Set when Syncline runs the sync itself (the engine); null for sessions an integration reports. */
  @Column({ type: 'enum', enum: SYNC_MODES, enumName: 'sync_mode', nullable: true })
  mode: SyncMode | null;

  /** For an engine retry: the whole parent run again, or only its failed records. */
  @Column({ name: 'retry_scope', type: 'text', nullable: true })
  retryScope: SessionRetryScope | null;

  /** For a retry of chosen records (e.g. from the errors list): only these keys; null for the scope's own. */
  @Column({ name: 'retry_keys', type: 'text', array: true, nullable: true })
  retryKeys: string[] | null;

  /** The engine stops at the next batch boundary once this is set. */
  @Column({ name: 'cancel_requested_at', type: 'timestamptz', nullable: true })
  cancelRequestedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  verification: VerificationView | null;

  @Index('sync_sessions_active', { where: `"status" IN ('queued', 'running')` })
  @Column({ type: 'enum', enum: SESSION_STATUSES, enumName: 'session_status' })
  status: SessionStatus;

  @Column({ type: 'enum', enum: SYNC_STAGES, enumName: 'sync_stage', nullable: true })
  stage: SyncStage | null;

  @Column(counter('total'))
  total: number;

  @Column(counter('processed'))
  processed: number;

  @Column(counter('created'))
  created: number;

  @Column(counter('updated'))
  updated: number;

  @Column(counter('deleted'))
  deleted: number;

  @Column(counter('skipped'))
  skipped: number;

  @Column(counter('failed'))
  failed: number;

  @Column(counter('conflicts'))
  conflicts: number;

  @Column({ name: 'phase_timings', type: 'jsonb', default: {} })
  phaseTimings: PhaseTimings;

  @Column({ type: 'int', default: 1 })
  attempt: number;

  @Column({ name: 'parent_session_id', type: 'uuid', nullable: true })
  parentSessionId: string | null;

  @Column({ name: 'external_ref', type: 'text', nullable: true })
  externalRef: string | null;

  @Column({ name: 'triggered_by_kind', type: 'text' })
  triggeredByKind: 'user' | 'api_key' | 'system';

  @Column({ name: 'triggered_by_id', type: 'uuid', nullable: true })
  triggeredById: string | null;

  @Column({ name: 'triggered_by_name', type: 'text' })
  triggeredByName: string;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Milliseconds only: page cursors carry it through a Date. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
