import { Column, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SyncSession } from './sync-session.entity';

/** Columns of everything reported about a session (errors, metric samples); deleted with the session. */
export abstract class ReportedForSession {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => SyncSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: SyncSession;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;
}
