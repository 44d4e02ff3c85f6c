import { METRIC_NAMES, type MetricName } from '@syncline/contracts';
import { Column, Entity, Index } from 'typeorm';
import { ReportedForSession } from './reported-for-session.entity';

/** One performance measurement an integration (or the engine) reported for a session. */
@Entity('sync_metric_samples')
@Index('sync_metric_samples_series', ['integrationId', 'name', 'recordedAt'])
export class MetricSample extends ReportedForSession {
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
