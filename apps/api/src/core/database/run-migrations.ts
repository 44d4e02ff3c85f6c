import type { DataSource, Migration } from 'typeorm';

/** Any fixed 64-bit number; every Syncline process agrees on it. */
const MIGRATION_LOCK_ID = 7_301_202_611;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so an API and a worker starting together
 * (or several replicas) never run the same migration twice.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lockRunner.release();
  }
}
