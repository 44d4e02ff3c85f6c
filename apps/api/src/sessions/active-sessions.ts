import type { DataSource } from 'typeorm';

/**
 * Syncs queued and running, counted where they are recorded first: PostgreSQL (the partial index
 * `sync_sessions_active` holds just these rows). `integrationIds` limits the count; null counts all.
 */
export async function countActiveSessions(
  dataSource: DataSource,
  integrationIds: readonly string[] | null = null,
): Promise<{ queued: number; running: number }> {
  const [row] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
            count(*) FILTER (WHERE status = 'running')::int AS running
     FROM sync_sessions WHERE status IN ('queued', 'running') AND ($1::uuid[] IS NULL OR integration_id = ANY($1))`,
    [integrationIds],
  );
  return row;
}
