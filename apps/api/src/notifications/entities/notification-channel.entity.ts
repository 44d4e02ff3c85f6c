import {
  NOTIFICATION_CHANNEL_TYPES,
  type NotificationChannelConfig,
  type NotificationChannelType,
} from '@syncline/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Where alert notifications go: an email list, a webhook, the in-app list or the live stream. */
@Entity('notification_channels')
export class NotificationChannel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'enum', enum: NOTIFICATION_CHANNEL_TYPES, enumName: 'notification_channel_type' })
  type: NotificationChannelType;

  @Column({ type: 'jsonb' })
  config: NotificationChannelConfig;

  /** Webhooks: the AES-256-GCM sealed signing secret, bound to this row's id. */
  @Column({ name: 'secret_ciphertext', type: 'bytea', nullable: true })
  secretCiphertext: Buffer | null;

  @Column({ name: 'secret_key_version', type: 'int', nullable: true })
  secretKeyVersion: number | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
