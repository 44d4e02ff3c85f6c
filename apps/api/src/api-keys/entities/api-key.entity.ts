import { ROLES, type Role } from '@syncline/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A credential for an integration program; only the key's digest is stored. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'key_digest', type: 'char', length: 64, unique: true })
  keyDigest: string;

  @Column({ name: 'key_preview', type: 'text' })
  keyPreview: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'role' })
  role: Role;

  /** Integrations the key may act on; null means every integration. */
  @Column({ name: 'integration_ids', type: 'uuid', array: true, nullable: true })
  integrationIds: string[] | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
