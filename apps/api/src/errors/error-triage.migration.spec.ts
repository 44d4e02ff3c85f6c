import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../core/database/data-source-options';
import { ensureDatabase } from '../core/database/ensure-database';
import { ErrorTriage1795731000000 } from '../core/database/migrations/1795731000000-error-triage';
import { dropIsolated, isolatedEnv } from '../test/test-app';

describe('the error triage migration', () => {
  const env = isolatedEnv();
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureDatabase(env.DATABASE_URL);
    dataSource = await new DataSource(dataSourceOptions(env.DATABASE_URL)).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropIsolated(env);
  });

  it('marks errors already resolved as resolved and the others open', async () => {
    const sut = new ErrorTriage1795731000000();
    const runner = dataSource.createQueryRunner();
    try {
      await sut.down(runner);
      const [{ id: integrationId }] = await runner.query(
        `INSERT INTO integrations (key, name, provider, local_config, remote_config, entity_types)
         VALUES ('old', 'Old', 'test', '{}', '{}', '{seller}') RETURNING id`,
      );
      const [{ id: sessionId }] = await runner.query(
        `INSERT INTO sync_sessions (integration_id, entity_type, direction, trigger, status, triggered_by_kind, triggered_by_name)
         VALUES ($1, 'seller', 'inbound', 'api', 'completed', 'system', 'Syncline') RETURNING id`,
        [integrationId],
      );
      await runner.query(
        `INSERT INTO sync_errors (session_id, integration_id, category, severity, message, retryable, retry_count, resolved_at)
         VALUES ($1, $2, 'validation', 'error', 'fixed', false, 0, now()), ($1, $2, 'network', 'error', 'still broken', true, 0, NULL)`,
        [sessionId, integrationId],
      );

      await sut.up(runner);

      const rows = await runner.query(`SELECT message, status::text FROM sync_errors ORDER BY id`);
      expect(rows).toEqual([
        { message: 'fixed', status: 'resolved' },
        { message: 'still broken', status: 'open' },
      ]);
    } finally {
      await runner.release();
    }
  });
});
