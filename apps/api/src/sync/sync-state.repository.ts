import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ConflictStrategy, MergeDecision, RecordState, SyncSide } from '@syncline/contracts';
import type { DataSource } from 'typeorm';

/** Which integration entity the state belongs to. */
export interface EntityRef {
  integrationId: string;
  entityType: string;
}

export interface ConflictRecord {
  sessionId: string;
  recordKey: string;
  baseline: RecordState | undefined;
  local: RecordState;
  remote: RecordState;
  localChangedFields: string[];
  remoteChangedFields: string[];
  strategy: ConflictStrategy;
  applied: MergeDecision['apply'];
  localUpdatedAt: Date | null;
  remoteUpdatedAt: Date | null;
}

/**
 * What the engine keeps between runs — baselines, change-feed positions, conflicts — and all of its SQL.
 * Each call is one statement over a whole batch (arrays through unnest), so a batch costs a round trip.
 */
@Injectable()
export class SyncStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async baselines(entity: EntityRef, keys: readonly string[]): Promise<Map<string, RecordState>> {
    if (keys.length === 0) return new Map();
    // One index lookup per key (LIMIT keeps the subquery from being flattened into a join): the planner
    // would rather scan every baseline of the entity than look up a thousand keys, which grows with the table.
    const rows: { record_key: string; state: RecordState }[] = await this.dataSource.query(
      `SELECT k.key AS record_key, b.state
         FROM unnest($3::text[]) AS k(key)
         CROSS JOIN LATERAL (
           SELECT state FROM sync_baselines
            WHERE integration_id = $1 AND entity_type = $2 AND record_key = k.key LIMIT 1
         ) b`,
      [entity.integrationId, entity.entityType, keys],
    );
    return new Map(rows.map((row) => [row.record_key, row.state]));
  }

  /** Stores the state both sides now share; null removes the baseline (the record is gone from both). */
  async saveBaselines(entity: EntityRef, states: ReadonlyMap<string, RecordState>): Promise<void> {
    // No prototype: a record keyed `__proto__` is a field like any other.
    const kept: Record<string, RecordState> = Object.create(null) as Record<string, RecordState>;
    const removed: string[] = [];
    for (const [key, state] of states) {
      if (state === null) removed.push(key);
      else kept[key] = state;
    }
    if (removed.length < states.size) {
      // One JSON document for the batch, keyed by record: an array of json values is escaped and parsed
      // value by value, and key/state pairs would repeat their two names for every record.
      await this.dataSource.query(
        `INSERT INTO sync_baselines (integration_id, entity_type, record_key, state)
         SELECT $1, $2, batch.key, batch.value FROM json_each($3::json) AS batch
         ON CONFLICT (integration_id, entity_type, record_key)
         DO UPDATE SET state = excluded.state, synced_at = now()`,
        [entity.integrationId, entity.entityType, JSON.stringify(kept)],
      );
    }
    if (removed.length > 0) {
      await this.dataSource.query(
        `DELETE FROM sync_baselines WHERE integration_id = $1 AND entity_type = $2 AND record_key = ANY($3)`,
        [entity.integrationId, entity.entityType, removed],
      );
    }
  }

  /** Forgets baselines so the records sync again as new (resync of gaps). */
  async forgetBaselines(entity: EntityRef, keys: readonly string[]): Promise<void> {
    await this.saveBaselines(entity, new Map(keys.map((key) => [key, null])));
  }

  async countBaselines(entity: EntityRef): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM sync_baselines WHERE integration_id = $1 AND entity_type = $2`,
      [entity.integrationId, entity.entityType],
    );
    return row.count;
  }

  async position(entity: EntityRef, side: SyncSide): Promise<string | null> {
    const rows: { position: string }[] = await this.dataSource.query(
      `SELECT position FROM sync_cursors WHERE integration_id = $1 AND entity_type = $2 AND side = $3`,
      [entity.integrationId, entity.entityType, side],
    );
    return rows[0]?.position ?? null;
  }

  /** Committed after the batch's data and baselines, so a crash re-reads the batch rather than skipping it. */
  async savePosition(entity: EntityRef, side: SyncSide, position: string | null): Promise<void> {
    if (position === null) return;
    await this.dataSource.query(
      `INSERT INTO sync_cursors (integration_id, entity_type, side, position) VALUES ($1, $2, $3, $4)
       ON CONFLICT (integration_id, entity_type, side) DO UPDATE SET position = excluded.position, updated_at = now()`,
      [entity.integrationId, entity.entityType, side, position],
    );
  }

  /** One open conflict per record: a conflict seen again (manual strategy) updates the open one. */
  async saveConflicts(entity: EntityRef, conflicts: readonly ConflictRecord[]): Promise<string[]> {
    if (conflicts.length === 0) return [];
    const column = <K extends keyof ConflictRecord>(name: K) => conflicts.map((conflict) => conflict[name]);
    const json = (name: 'baseline' | 'local' | 'remote') => conflicts.map((conflict) => conflict[name] ?? null);
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO sync_conflicts (integration_id, entity_type, session_id, record_key, baseline, local, remote,
              local_changed_fields, remote_changed_fields, strategy, applied, status, local_updated_at, remote_updated_at)
       SELECT $1, $2, session_id, record_key, baseline, local, remote,
              ARRAY(SELECT jsonb_array_elements_text(local_changed)), ARRAY(SELECT jsonb_array_elements_text(remote_changed)),
              strategy, applied, CASE WHEN applied = 'none' THEN 'open' ELSE 'resolved' END::conflict_status,
              local_updated_at, remote_updated_at
         FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::jsonb[],
                     $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[])
           AS batch(session_id, record_key, baseline, local, remote, local_changed, remote_changed,
                    strategy, applied, local_updated_at, remote_updated_at)
       ON CONFLICT (integration_id, entity_type, record_key) WHERE status = 'open'
       DO UPDATE SET session_id = excluded.session_id, local = excluded.local, remote = excluded.remote,
                     local_changed_fields = excluded.local_changed_fields,
                     remote_changed_fields = excluded.remote_changed_fields, detected_at = now()
       RETURNING id`,
      [
        entity.integrationId,
        entity.entityType,
        column('sessionId'),
        column('recordKey'),
        json('baseline'),
        json('local'),
        json('remote'),
        conflicts.map((conflict) => JSON.stringify(conflict.localChangedFields)),
        conflicts.map((conflict) => JSON.stringify(conflict.remoteChangedFields)),
        column('strategy'),
        column('applied'),
        column('localUpdatedAt'),
        column('remoteUpdatedAt'),
      ],
    );
    return rows.map((row) => row.id);
  }
}
