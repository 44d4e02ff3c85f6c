import {
  DELIVERY_STATUSES,
  NOTIFICATION_KINDS,
  type AlertView,
  type DeliveryStatus,
  type NotificationKind,
} from '@syncline/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NotificationChannel } from './notification-channel.entity';

/** One notification of one channel, with every attempt to send it counted. */
@Entity('notification_deliveries')
@Index('notification_deliveries_channel_recent', ['channelId', 'createdAt'])
@Index('notification_deliveries_by_alert_type', ['channelId', 'alertType', 'createdAt'])
@Index('notification_deliveries_pending', ['createdAt'], { where: `"status" = 'pending'` })
export class NotificationDelivery {
  /** Derived from what is notified (see deliveryId), so dispatching the same notification again finds this row. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @ManyToOne(() => NotificationChannel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel?: NotificationChannel;

  /** Alerts are kept by the alerting module; a delivery outlives its alert. Null for test deliveries. */
  @Column({ name: 'alert_id', type: 'uuid', nullable: true })
  alertId: string | null;

  @Column({ name: 'alert_type', type: 'text', nullable: true })
  alertType: string | null;

  @Column({ type: 'enum', enum: NOTIFICATION_KINDS, enumName: 'notification_kind' })
  kind: NotificationKind;

  @Column({ type: 'enum', enum: DELIVERY_STATUSES, enumName: 'notification_delivery_status' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** The alert as it was when notified: every retry sends exactly this. */
  @Column({ type: 'jsonb' })
  payload: AlertView;

  /** Milliseconds only: page cursors carry it through a Date. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
