import {
  ALERT_SEVERITIES,
  ALERT_TYPES,
  type AlertSeverity,
  type AlertType,
  type EscalationPolicy,
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

/** When to raise an alert of one type, for one integration (or all), and whom to tell. */
@Entity('alert_rules')
@Index('alert_rules_one_built_in', ['type', 'integrationId'], { unique: true, where: '"built_in"' })
export class AlertRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: ALERT_TYPES, enumName: 'alert_type' })
  type: AlertType;

  @Column({ name: 'integration_id', type: 'uuid', nullable: true })
  integrationId: string | null;

  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'integration_id' })
  integration?: Integration;

  @Column({ name: 'entity_type', type: 'text', nullable: true })
  entityType: string | null;

  @Column({ type: 'enum', enum: ALERT_SEVERITIES, enumName: 'alert_severity' })
  severity: AlertSeverity;

  @Column({ type: 'jsonb', default: {} })
  params: Record<string, number>;

  @Column({ name: 'channel_ids', type: 'uuid', array: true, default: '{}' })
  channelIds: string[];

  @Column({ name: 'suppression_minutes', type: 'int' })
  suppressionMinutes: number;

  @Column({ type: 'jsonb' })
  escalation: EscalationPolicy;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'built_in', type: 'boolean', default: false })
  builtIn: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
