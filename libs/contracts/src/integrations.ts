export const INTEGRATION_STATUSES = ['active', 'paused', 'disabled'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

export const CONNECTOR_TYPES = ['postgres', 'http', 'csv'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export const HTTP_PAGINATION_STYLES = ['cursor', 'page', 'offset', 'none'] as const;
export type HttpPaginationStyle = (typeof HTTP_PAGINATION_STYLES)[number];

/** A table in any PostgreSQL database; the connection string's password belongs in the credentials. */
export interface PostgresConnectorConfig {
  type: 'postgres';
  /** Connection URL without a password, e.g. `postgres://sync@db.local:5432/erp`. */
  url: string;
  schema?: string;
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
  timeoutMs?: number;
}

/** A CSV file ("spreadsheet") on the Syncline host. */
export interface CsvConnectorConfig {
  type: 'csv';
  path: string;
  keyColumn: string;
  delimiter?: string;
}

export type ConnectorConfig = PostgresConnectorConfig | HttpConnectorConfig | CsvConnectorConfig;

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
  credentials?: Record<string, string>;
}

/** Every field optional; `credentials: null` removes stored credentials. */
export type UpdateIntegrationRequest = Partial<Omit<CreateIntegrationRequest, 'credentials'>> & {
  credentials?: Record<string, string> | null;
};
