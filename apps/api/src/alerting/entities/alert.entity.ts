import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERT_TYPES,
  type ActorView,
  type AlertSeverity,
  type AlertStatus,
  type AlertType,
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
import { AlertRule } from './alert-rule.entity';

/** Something wrong that a rule noticed; one open alert per fingerprint, repeats counted on it. */
@Entity('alerts')
@Index('alerts_one_open_per_fingerprint', ['fingerprint'], { unique: true, where: `"status" <> 'resolved'` })
@Index('alerts_open', ['lastSeenAt'], { where: `"status" <> 'resolved'` })
@Index('alerts_history', ['createdAt', 'id'])
@Index('alerts_integration_recent', ['integrationId', 'createdAt'])
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'rule_id', type: 'uuid', nullable: true })
  ruleId: string | null;

  @ManyToOne(() => AlertRule, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'rule_id' })
  rule?: AlertRule;

  @Column({ type: 'enum', enum: ALERT_TYPES, enumName: 'alert_type' })
  type: AlertType;

  @Column({ type: 'enum', enum: ALERT_SEVERITIES, enumName: 'alert_severity' })
  severity: AlertSeverity;

  @Column({ type: 'enum', enum: ALERT_STATUSES, enumName: 'alert_status' })
  status: AlertStatus;

  @Column({ type: 'text' })
  fingerprint: string;

  @Column({ name: 'integration_id', type: 'uuid', nullable: true })
  integrationId: string | null;

  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'integration_id' })
  integration?: Integration;

  @Column({ name: 'entity_type', type: 'text', nullable: true })
  entityType: string | null;

  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;

  @Column({ type: 'int', default: 1 })
  count: number;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ name: 'notified_at', type: 'timestamptz', nullable: true })
  notifiedAt: Date | null;

  @Column({ name: 'notification_skipped', type: 'text', nullable: true })
  notificationSkipped: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'jsonb', nullable: true })
  acknowledgedBy: ActorView | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_by', type: 'jsonb', nullable: true })
  resolvedBy: ActorView | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'suppressed_until', type: 'timestamptz', nullable: true })
  suppressedUntil: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  /** Milliseconds only: page cursors carry it through a Date. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
