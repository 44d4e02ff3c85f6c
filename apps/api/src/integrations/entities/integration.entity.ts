import {
  INTEGRATION_STATUSES,
  type ConnectorConfig,
  type EntitySyncSettings,
  type IntegrationStatus,
  type SyncSettingsOverride,
} from '@syncline/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('integrations')
export class Integration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  key: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  provider: string;

  @Column({ type: 'enum', enum: INTEGRATION_STATUSES, enumName: 'integration_status', default: 'active' })
  status: IntegrationStatus;

  @Column({ name: 'local_config', type: 'jsonb' })
  local: ConnectorConfig;

  @Column({ name: 'remote_config', type: 'jsonb' })
  remote: ConnectorConfig;

  @Column({ name: 'entity_types', type: 'text', array: true })
  entityTypes: string[];

  @Column({ type: 'text', nullable: true })
  schedule: string | null;

  @Column({ name: 'redacted_fields', type: 'text', array: true, default: () => "'{}'" })
  redactedFields: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  entities: EntitySyncSettings[];

  @Column({ name: 'sync_settings', type: 'jsonb', default: () => "'{}'" })
  syncSettings: SyncSettingsOverride;

  /** AES-256-GCM sealed JSON of the credentials, bound to this row's id. */
  @Column({ name: 'credentials_ciphertext', type: 'bytea', nullable: true })
  credentialsCiphertext: Buffer | null;

  @Column({ name: 'credentials_key_version', type: 'int', nullable: true })
  credentialsKeyVersion: number | null;

  @Column({ name: 'credential_names', type: 'text', array: true, default: () => "'{}'" })
  credentialNames: string[];

  @Column({ name: 'credentials_rotated_at', type: 'timestamptz', nullable: true })
  credentialsRotatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
