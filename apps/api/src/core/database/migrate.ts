import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '../config/app-config';
import { loadEnvFile } from '../config/load-env-file';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { runMigrationsLocked } from './run-migrations';

/** `pnpm migrate` applies pending migrations; `pnpm migrate down` reverts the last one. */
async function main(): Promise<void> {
  loadEnvFile();
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  await ensureDatabase(url);
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    if (process.argv[2] === 'down') {
      await dataSource.undoLastMigration({ transaction: 'each' });
    } else {
      const applied = await runMigrationsLocked(dataSource);
      process.stdout.write(`Applied ${applied.length} migration(s)\n`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
