import type { DataSource, EntityMetadata } from 'typeorm';

/**
 * Rows of a query as they come from a server-side cursor (pg-query-stream), for exports that must not
 * hold the result in memory. The connection goes back to the pool however the iteration ends.
 */
export async function* streamRows<T>(dataSource: DataSource, sql: string, parameters: unknown[]): AsyncGenerator<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const stream = await runner.stream(sql, parameters);
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
