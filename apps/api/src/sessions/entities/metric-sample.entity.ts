import { METRIC_NAMES, type MetricName } from '@syncline/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SyncSession } from './sync-session.entity';

/** One performance measurement an integration (or the engine) reported for a session. */
@Entity('sync_metric_samples')
@Index('sync_metric_samples_series', ['integrationId', 'name', 'recordedAt'])
export class MetricSample {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => SyncSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: SyncSession;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'enum', enum: METRIC_NAMES, enumName: 'metric_name' })
  name: MetricName;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'jsonb', default: {} })
  labels: Record<string, string>;

  @Index('sync_metric_samples_recorded_at')
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
