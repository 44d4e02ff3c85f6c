import { DataSource } from 'typeorm';
import { dropIsolated, isolatedEnv } from '../../test/test-app';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { runMigrationsLocked } from './run-migrations';

describe('migrations', () => {
  const env = isolatedEnv();
  let sut: DataSource;

  beforeAll(async () => {
    await ensureDatabase(env.DATABASE_URL);
    sut = await new DataSource(dataSourceOptions(env.DATABASE_URL)).initialize();
  });

  afterAll(async () => {
    await sut.destroy();
    await dropIsolated(env);
  });

  const tables = async () =>
    (
      await sut.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
      )
    ).map((row: { table_name: string }) => row.table_name);
  const types = async () =>
    (
      await sut.query(
        `SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'`,
      )
    ).length;

  it('creates the schema on an empty database, reverts it completely, and applies again', async () => {
    const applied = await sut.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual([
      'alert_rules',
      'alerts',
      'api_keys',
      'app_settings',
      'audit_events',
      'integrations',
      'metric_rollups',
      'notification_channels',
      'notification_deliveries',
      'sync_baselines',
      'sync_conflicts',
      'sync_cursors',
      'sync_errors',
      'sync_metric_samples',
      'sync_record_logs',
      'sync_sessions',
      'user_sessions',
      'users',
    ]);
    expect(await sut.showMigrations()).toBe(false);

    for (let i = 0; i < applied.length; i++) await sut.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    expect(await types()).toBe(0);

    await sut.runMigrations({ transaction: 'each' });
    expect(await tables()).toHaveLength(18);
  });

  it('lets processes starting together create and migrate a new database once', async () => {
    const fresh = isolatedEnv();
    await Promise.all([ensureDatabase(fresh.DATABASE_URL), ensureDatabase(fresh.DATABASE_URL)]);
    const sources = await Promise.all(
      [1, 2].map(() => new DataSource(dataSourceOptions(fresh.DATABASE_URL)).initialize()),
    );
    try {
      const applied = await Promise.all(sources.map((source) => runMigrationsLocked(source)));

      expect(applied.map((list) => list.length).sort()).toEqual([0, sut.migrations.length]);
      const [{ count }] = await sources[0].query('SELECT count(*)::int AS count FROM migrations');
      expect(count).toBe(sut.migrations.length);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
      await dropIsolated(fresh);
    }
  });

  it('matches the entities exactly (no schema drift)', async () => {
    const pending = await sut.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});
