import { Client } from 'pg';

/** duplicate_database, or unique_violation on pg_database when two CREATE DATABASE statements race. */
const ALREADY_CREATED = ['42P04', '23505'];

/** Creates the database named in the URL when it does not exist yet, so a fresh machine starts in one step. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url.host} (${(error as Error).message}). ` +
        'Start it with `docker compose up -d postgres` or your local service, or set DATABASE_URL.',
    );
  }
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      // Another process starting at the same moment may win the race: that is fine.
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (!ALREADY_CREATED.includes(error.code ?? '')) throw error;
      });
    }
  } finally {
    await client.end();
  }
}
