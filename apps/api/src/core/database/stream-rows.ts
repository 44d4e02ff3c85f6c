import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource, EntityMetadata } from 'typeorm';

/** Rows fetched per round trip from the cursor: few enough to keep memory flat, many enough to be fast. */
const FETCH_SIZE = 1000;

/**
 * Rows of a query as they come from a server-side cursor (pg-query-stream), for exports that must not
 * hold the result in memory. The connection goes back to the pool however the iteration ends.
 */
export async function* streamRows<T>(dataSource: DataSource, sql: string, parameters: unknown[]): AsyncGenerator<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const stream = client.query(new QueryStream(sql, parameters, { batchSize: FETCH_SIZE }));
  try {
    for await (const row of stream) yield row as T;
  } finally {
    stream.destroy();
    await runner.release();
  }
}

/** An entity from a query builder's raw row (`<alias>_<column>` keys), as `getMany()` would build it. */
export function entityFromRaw<T>(metadata: EntityMetadata, alias: string, raw: Record<string, unknown>): T {
  const entity = metadata.create() as Record<string, unknown>;
  for (const column of metadata.columns) {
    const value = raw[`${alias}_${column.databaseName}`];
    if (value !== undefined) entity[column.propertyName] = value;
  }
  return entity as T;
}
