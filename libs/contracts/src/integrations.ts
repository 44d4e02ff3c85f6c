import type { EntitySyncSettings, SyncSettingsOverride } from './sync';

export const INTEGRATION_STATUSES = ['active', 'paused', 'disabled'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

export const CONNECTOR_TYPES = ['postgres', 'http', 'csv'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export const HTTP_PAGINATION_STYLES = ['cursor', 'page', 'offset', 'none'] as const;
export type HttpPaginationStyle = (typeof HTTP_PAGINATION_STYLES)[number];

/**
 * A table in any PostgreSQL database; the connection string's password belongs in the credentials
 * (`local.password` or `remote.password`).
 */
export interface PostgresConnectorConfig {
  type: 'postgres';
  /** Connection URL without a password, e.g. `postgres://sync@db.local:5432/erp`. */
  url: string;
  /** Default `public`; may contain `{entity}`, replaced by the entity type. */
  schema?: string;
  /** May contain `{entity}`, replaced by the entity type, e.g. `erp_{entity}`. */
  table: string;
  keyColumn: string;
  updatedAtColumn: string;
}

/** A JSON REST API; tokens belong in the credentials. */
export interface HttpConnectorConfig {
  type: 'http';
  baseUrl: string;
  /** Path of the collection, `{entity}` is replaced by the entity type. */
  collectionPath: string;
  keyField: string;
  updatedAtField?: string;
  pagination: HttpPaginationStyle;
  pageSize?: number;
  /** Header that carries the credential token, e.g. `Authorization` or `X-Api-Token`. */
  authHeader?: string;
  requestsPerSecond?: number;
  /** Per request, default 30000. */
  timeoutMs?: number;
  /** Query parameter of the incremental filter, default `updated_since`. */
  updatedSinceParam?: string;
  /** Query parameter of the page cursor, default `cursor`. */
  cursorParam?: string;
  /** Query parameter of the page size, default `limit`. */
  limitParam?: string;
  /** Field of a list answer holding the records, default `items`. */
  itemsField?: string;
  /** Field of a list answer holding the next page's cursor (null on the last page), default `nextCursor`. */
  nextCursorField?: string;
  /** Field of a list answer counting every record the query matches: a sync's progress total from the start. Optional. */
  totalField?: string;
  /** Query parameter asking for records by key, comma-separated, default `ids`. */
  idsParam?: string;
  /** Record field that marks a tombstone, default `deleted`. */
  deletedField?: string;
  /** Record field holding the optimistic-concurrency version, default `version`. */
  versionField?: string;
  /** Query parameter asking for tombstones too, default `include_deleted`. */
  includeDeletedParam?: string;
  /**
   * Query parameter choosing which fields a list returns (sparse fieldsets), e.g. `fields`. When set,
   * key listings (verification after each sync) ask for the key field only instead of whole records.
   */
  fieldsParam?: string;
  /**
   * Path of the batch-write endpoint, e.g. `/{entity}/batch`. Without it, each write is its own
   * `PUT`/`DELETE` at `{collectionPath}/{key}`.
   */
  batchPath?: string;
  /**
   * Path of the key-checksum endpoint, e.g. `/{entity}/_checksums`, answering `GET …?ranges=N` with
   * `{ ranges: [{ range, count, xor }] }` (see docs/connectors.md). Without it, verification lists every key.
   */
  checksumPath?: string;
}

/** A CSV file ("spreadsheet") on the Syncline host. */
export interface CsvConnectorConfig {
  type: 'csv';
  /** Absolute path; may contain `{entity}`, replaced by the entity type. */
  path: string;
  keyColumn: string;
  /** Default `,`. */
  delimiter?: string;
  /** A column the connector sets to the time of each write, so later reads return only what changed. */
  updatedAtColumn?: string;
}

export type ConnectorConfig = PostgresConnectorConfig | HttpConnectorConfig | CsvConnectorConfig;

/** Whether one side of an integration answers, and accepts the credentials. */
export interface ConnectionCheck {
  reachable: boolean;
  /** null when the side needs no credentials or could not be reached. */
  authenticated: boolean | null;
  latencyMs: number | null;
  message: string;
}

export interface ConnectionTestResult {
  local: ConnectionCheck;
  remote: ConnectionCheck;
}

export interface IntegrationView {
  id: string;
  key: string;
  name: string;
  provider: string;
  status: IntegrationStatus;
  local: ConnectorConfig;
  remote: ConnectorConfig;
  entityTypes: string[];
  /** Cron expression (5 or 6 fields) or null for manual-only. */
  schedule: string | null;
  /** Record fields blanked before record logs are stored, besides the built-in secret names (`*` globs allowed). */
  redactedFields: string[];
  /** Keys, field mappings, conflict strategy and integrity rules per entity type. */
  entities: EntitySyncSettings[];
  /** What this integration changes of the global sync configuration. */
  syncSettings: SyncSettingsOverride;
  /** Credentials are write-only: only whether they are set, their names, and when they last changed. */
  credentialsSet: boolean;
  credentialNames: string[];
  credentialsRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateIntegrationRequest {
  key: string;
  name: string;
  provider: string;
  status?: IntegrationStatus;
  local: ConnectorConfig;
  remote: ConnectorConfig;
  entityTypes: string[];
  schedule?: string | null;
  redactedFields?: string[];
  entities?: EntitySyncSettings[];
  syncSettings?: SyncSettingsOverride;
  credentials?: Record<string, string>;
}

/** Every field optional; `credentials: null` removes stored credentials. */
export type UpdateIntegrationRequest = Partial<Omit<CreateIntegrationRequest, 'credentials'>> & {
  credentials?: Record<string, string> | null;
};
