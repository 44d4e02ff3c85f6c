/**
 * How a dealer's own database mirrors the simulator's `vehicle` and `lead` collections: the local
 * table's columns and the Syncline entity mapping between the two. The demo integration of `pnpm start`,
 * the sync engine's tests and `pnpm bench:sync` all use it, so they all sync the same shape.
 */
type Cast = 'integer' | 'number';

/** [remote field, local column, cast both ways, local column type] */
const FIELDS: Record<DealerEntity, [string, string, Cast | null, string][]> = {
  vehicle: [
    ['stockNumber', 'stock_number', null, 'text'],
    ['make', 'make', null, 'text'],
    ['model', 'model', null, 'text'],
    ['year', 'year', 'integer', 'int'],
    ['price', 'price', 'number', 'numeric(12, 2)'],
    ['odometer', 'odometer', 'integer', 'int'],
    ['colour', 'colour', null, 'text'],
    ['status', 'status', null, 'text'],
  ],
  lead: [
    ['name', 'name', null, 'text'],
    ['email', 'email', null, 'text'],
    ['phone', 'phone', null, 'text'],
    ['vehicleId', 'vehicle_id', null, 'text'],
    ['status', 'status', null, 'text'],
  ],
};

export type DealerEntity = 'vehicle' | 'lead';

export interface DealerFieldMapping {
  from: string;
  to: string;
  transforms?: { type: 'cast'; to: Cast }[];
}

export interface DealerEntityMapping {
  entityType: DealerEntity;
  localKey: 'id';
  remoteKey: 'id';
  toLocal: DealerFieldMapping[];
  toRemote: DealerFieldMapping[];
}

const mapped = (from: string, to: string, cast: Cast | null): DealerFieldMapping =>
  cast ? { from, to, transforms: [{ type: 'cast', to: cast }] } : { from, to };

export function dealerMapping(entityType: DealerEntity): DealerEntityMapping {
  const fields = FIELDS[entityType];
  return {
    entityType,
    localKey: 'id',
    remoteKey: 'id',
    toLocal: fields.map(([remote, local, cast]) => mapped(remote, local, cast)),
    toRemote: fields.map(([remote, local, cast]) => mapped(local, remote, cast)),
  };
}

/** The local table for an entity, keyed by the remote id, with the index its change feed reads by. */
export function dealerTableSql(table: string, entityType: DealerEntity): string[] {
  const columns = FIELDS[entityType].map(([, local, , type]) => `${local} ${type}`).join(', ');
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, ${columns}, updated_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX IF NOT EXISTS ${table}_changes ON ${table} (updated_at, id)`,
  ];
}

/** A simulator record's mapped fields under their local column names (null when absent). */
export function dealerColumns(entityType: DealerEntity, record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(FIELDS[entityType].map(([remote, local]) => [local, record[remote] ?? null]));
}

export const dealerColumnNames = (entityType: DealerEntity): string[] => FIELDS[entityType].map(([, local]) => local);

/** Syncline's HTTP connector settings for a simulator: its paging, field names, batch and checksum endpoints. */
export function simulatorConnector(baseUrl: string, pageSize = 500) {
  return {
    type: 'http' as const,
    baseUrl,
    collectionPath: '/{entity}',
    keyField: 'id',
    updatedAtField: 'updatedAt',
    pagination: 'cursor' as const,
    pageSize,
    batchPath: '/{entity}/batch',
    checksumPath: '/{entity}/_checksums',
    fieldsParam: 'fields',
    totalField: 'total',
  };
}

/** Syncline's PostgreSQL connector settings for dealer tables made by `dealerTableSql`. */
export function dealerTableConnector(url: string, table = 'stock_{entity}') {
  return { type: 'postgres' as const, url, table, keyColumn: 'id', updatedAtColumn: 'updated_at' };
}
