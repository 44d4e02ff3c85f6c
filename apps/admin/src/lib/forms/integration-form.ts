import {
  INTEGRATION_STATUSES,
  type ConnectorConfig,
  type ConnectorType,
  type CreateIntegrationRequest,
  type CsvConnectorConfig,
  type EntitySyncSettings,
  type HttpConnectorConfig,
  type HttpPaginationStyle,
  type IntegrationStatus,
  type IntegrationView,
  type PostgresConnectorConfig,
  type UpdateIntegrationRequest,
} from '@syncline/contracts';
import type { FieldErrors } from '$lib/api/api-errors';
import {
  ENTITY_LISTS,
  entityFieldPaths,
  entityToForm,
  toEntitySettings,
  toFormPath,
  type EntityForm,
} from './mapping-form';
import {
  OVERRIDABLE_SETTINGS,
  settingsFieldPaths,
  settingsToForm,
  toSettingsOverride,
  type SyncSettingsForm,
} from './settings-form';

export type ConnectorSide = 'local' | 'remote';

/** Every input holds text; conversion to the contract types happens once, in `connectorFromForm`. */
type TextFields<T> = { [K in Exclude<keyof T, 'type' | 'pagination'>]-?: string };

export interface ConnectorForm {
  type: ConnectorType;
  // One sub-form per type, so switching the type back and forth does not lose what was typed.
  postgres: TextFields<PostgresConnectorConfig>;
  http: TextFields<HttpConnectorConfig> & { pagination: HttpPaginationStyle };
  csv: TextFields<CsvConnectorConfig>;
}

export interface CredentialRow {
  name: string;
  value: string;
}

/** On edit, stored credentials are kept unless the user replaces or clears them. */
export type CredentialsMode = 'keep' | 'replace' | 'clear';

export interface IntegrationForm {
  key: string;
  name: string;
  provider: string;
  status: IntegrationStatus;
  entityTypes: string[];
  schedule: string;
  local: ConnectorForm;
  remote: ConnectorForm;
  credentialsMode: CredentialsMode;
  credentials: CredentialRow[];
  /** Keys and mappings by entity type; kept when a type is removed and added back, sent only for listed types. */
  entities: Record<string, EntityForm>;
  syncSettings: SyncSettingsForm;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface ConnectorFieldSpec {
  name: string;
  label: string;
  required: boolean;
  kind: 'text' | 'url' | 'number' | 'pagination';
  placeholder?: string;
  hint?: string;
  /** Rarely changed (the remote API's own names for things): shown folded away. */
  advanced?: boolean;
}

/** Names in the remote API's requests and answers; the defaults fit most JSON APIs (and the simulator). */
const HTTP_CONVENTIONS: ConnectorFieldSpec[] = [
  ['updatedSinceParam', 'Changed-since parameter', 'updated_since'],
  ['cursorParam', 'Cursor parameter', 'cursor'],
  ['limitParam', 'Page size parameter', 'limit'],
  ['idsParam', 'Keys parameter', 'ids'],
  ['includeDeletedParam', 'Include-deleted parameter', 'include_deleted'],
  ['fieldsParam', 'Fields parameter', 'fields'],
  ['checksumPath', 'Checksum path', '/{entity}/_checksums'],
  ['itemsField', 'Items field', 'items'],
  ['nextCursorField', 'Next cursor field', 'nextCursor'],
  ['totalField', 'Total count field', 'total'],
  ['deletedField', 'Deleted marker field', 'deleted'],
  ['versionField', 'Version field', 'version'],
].map(([name, label, placeholder]) => ({
  name,
  label,
  placeholder,
  required: false,
  kind: 'text' as const,
  advanced: true,
}));

/** What the editor shows for each connector type, in the contracts' field names. */
export const CONNECTOR_FIELDS: { [T in ConnectorType]: ConnectorFieldSpec[] } = {
  postgres: [
    {
      name: 'url',
      label: 'Connection URL',
      required: true,
      kind: 'text',
      placeholder: 'postgres://sync@db.local:5432/erp',
      hint: 'Without the password: put it in the credentials.',
    },
    { name: 'schema', label: 'Schema', required: false, kind: 'text', placeholder: 'public' },
    { name: 'table', label: 'Table', required: true, kind: 'text', placeholder: 'vehicles' },
    { name: 'keyColumn', label: 'Key column', required: true, kind: 'text', placeholder: 'id' },
    { name: 'updatedAtColumn', label: 'Updated-at column', required: true, kind: 'text', placeholder: 'updated_at' },
  ],
  http: [
    { name: 'baseUrl', label: 'Base URL', required: true, kind: 'url', placeholder: 'https://api.example.com/v1' },
    {
      name: 'collectionPath',
      label: 'Collection path',
      required: true,
      kind: 'text',
      placeholder: '/{entity}s',
      hint: '{entity} is replaced by the entity type.',
    },
    { name: 'keyField', label: 'Key field', required: true, kind: 'text', placeholder: 'id' },
    { name: 'updatedAtField', label: 'Updated-at field', required: false, kind: 'text', placeholder: 'updatedAt' },
    { name: 'pagination', label: 'Pagination', required: true, kind: 'pagination' },
    { name: 'pageSize', label: 'Page size', required: false, kind: 'number', placeholder: '100' },
    {
      name: 'authHeader',
      label: 'Auth header',
      required: false,
      kind: 'text',
      placeholder: 'Authorization',
      hint: 'Carries the token from the credentials.',
    },
    { name: 'requestsPerSecond', label: 'Requests per second', required: false, kind: 'number', placeholder: '5' },
    { name: 'timeoutMs', label: 'Timeout (ms)', required: false, kind: 'number', placeholder: '30000' },
    {
      name: 'batchPath',
      label: 'Batch write path',
      required: false,
      kind: 'text',
      placeholder: '/{entity}/batch',
      hint: 'Writes many records per request. Without it, each record is its own PUT or DELETE.',
    },
    ...HTTP_CONVENTIONS,
  ],
  csv: [
    { name: 'path', label: 'File path', required: true, kind: 'text', placeholder: '/data/sellers.csv' },
    { name: 'keyColumn', label: 'Key column', required: true, kind: 'text', placeholder: 'id' },
    { name: 'delimiter', label: 'Delimiter', required: false, kind: 'text', placeholder: ',' },
    {
      name: 'updatedAtColumn',
      label: 'Updated-at column',
      required: false,
      kind: 'text',
      placeholder: 'updated_at',
      hint: 'Set on each write, so later syncs read only what changed.',
    },
  ],
};

/** The optional text settings of an HTTP connector, copied between config and form as they are. */
const HTTP_OPTIONAL_TEXT = [
  'updatedAtField',
  'authHeader',
  'batchPath',
  'updatedSinceParam',
  'cursorParam',
  'limitParam',
  'itemsField',
  'nextCursorField',
  'totalField',
  'idsParam',
  'deletedField',
  'versionField',
  'includeDeletedParam',
  'fieldsParam',
  'checksumPath',
] as const satisfies readonly (keyof HttpConnectorConfig)[];

/** Every field path the editor can show an API error beside. */
export const INTEGRATION_FORM_FIELDS: readonly string[] = [
  'key',
  'name',
  'provider',
  'status',
  'entityTypes',
  'schedule',
  'credentials',
  ...(['local', 'remote'] as const).flatMap((side) => [
    side,
    `${side}.type`,
    ...Object.values(CONNECTOR_FIELDS).flatMap((fields) => fields.map((field) => `${side}.${field.name}`)),
  ]),
].filter((field, index, all) => all.indexOf(field) === index);

export function emptyConnectorForm(type: ConnectorType = 'postgres'): ConnectorForm {
  return {
    type,
    postgres: { url: '', schema: '', table: '', keyColumn: '', updatedAtColumn: '' },
    http: {
      baseUrl: '',
      collectionPath: '',
      keyField: '',
      pagination: 'cursor',
      pageSize: '',
      requestsPerSecond: '',
      timeoutMs: '',
      ...(Object.fromEntries(HTTP_OPTIONAL_TEXT.map((name) => [name, ''])) as Record<
        (typeof HTTP_OPTIONAL_TEXT)[number],
        string
      >),
    },
    csv: { path: '', keyColumn: '', delimiter: '', updatedAtColumn: '' },
  };
}

export function emptyIntegrationForm(): IntegrationForm {
  return {
    key: '',
    name: '',
    provider: '',
    status: 'active',
    entityTypes: [],
    schedule: '',
    local: emptyConnectorForm('postgres'),
    remote: emptyConnectorForm('http'),
    credentialsMode: 'replace',
    credentials: [{ name: '', value: '' }],
    entities: {},
    syncSettings: settingsToForm({}),
  };
}

const text = (value: string | number | undefined): string => (value === undefined ? '' : String(value));

export function connectorToForm(config: ConnectorConfig): ConnectorForm {
  const form = emptyConnectorForm(config.type);
  switch (config.type) {
    case 'postgres':
      form.postgres = {
        url: config.url,
        schema: text(config.schema),
        table: config.table,
        keyColumn: config.keyColumn,
        updatedAtColumn: config.updatedAtColumn,
      };
      break;
    case 'http':
      form.http = {
        ...form.http,
        baseUrl: config.baseUrl,
        collectionPath: config.collectionPath,
        keyField: config.keyField,
        pagination: config.pagination,
        pageSize: text(config.pageSize),
        requestsPerSecond: text(config.requestsPerSecond),
        timeoutMs: text(config.timeoutMs),
      };
      for (const name of HTTP_OPTIONAL_TEXT) form.http[name] = text(config[name]);
      break;
    case 'csv':
      form.csv = {
        path: config.path,
        keyColumn: config.keyColumn,
        delimiter: text(config.delimiter),
        updatedAtColumn: text(config.updatedAtColumn),
      };
      break;
  }
  return form;
}

/** Builds the connector config of the selected type; empty optional inputs are left out, not sent as "". */
export function connectorFromForm(form: ConnectorForm, side: ConnectorSide): Parsed<ConnectorConfig> {
  const errors: FieldErrors = {};
  const optional = (value: string): string | undefined => value.trim() || undefined;
  const number = (field: string, value: string): number | undefined => {
    const trimmed = value.trim();
    if (!trimmed) return undefined;
    const parsed = Number(trimmed);
    if (!Number.isFinite(parsed)) errors[`${side}.${field}`] = 'must be a number';
    return parsed;
  };

  let config: ConnectorConfig;
  switch (form.type) {
    case 'postgres': {
      const fields = form.postgres;
      config = {
        type: 'postgres',
        url: fields.url.trim(),
        schema: optional(fields.schema),
        table: fields.table.trim(),
        keyColumn: fields.keyColumn.trim(),
        updatedAtColumn: fields.updatedAtColumn.trim(),
      };
      break;
    }
    case 'http': {
      const fields = form.http;
      config = {
        type: 'http',
        baseUrl: fields.baseUrl.trim(),
        collectionPath: fields.collectionPath.trim(),
        keyField: fields.keyField.trim(),
        pagination: fields.pagination,
        pageSize: number('pageSize', fields.pageSize),
        requestsPerSecond: number('requestsPerSecond', fields.requestsPerSecond),
        timeoutMs: number('timeoutMs', fields.timeoutMs),
        ...Object.fromEntries(HTTP_OPTIONAL_TEXT.map((name) => [name, optional(fields[name])])),
      };
      break;
    }
    case 'csv': {
      const fields = form.csv;
      // Not trimmed: a space or a tab is a legitimate delimiter.
      const delimiter = fields.delimiter || undefined;
      config = {
        type: 'csv',
        path: fields.path.trim(),
        keyColumn: fields.keyColumn.trim(),
        delimiter,
        updatedAtColumn: optional(fields.updatedAtColumn),
      };
      break;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: withoutUndefined(config) };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** Splits "vehicle, lead" (or pasted lines) into distinct, trimmed entity types. */
export function parseEntityTypes(input: string): string[] {
  const types = input
    .split(/[,\n]/)
    .map((type) => type.trim())
    .filter((type) => type.length > 0);
  return [...new Set(types)];
}

export function integrationToForm(view: IntegrationView): IntegrationForm {
  return {
    key: view.key,
    name: view.name,
    provider: view.provider,
    status: INTEGRATION_STATUSES.includes(view.status) ? view.status : 'active',
    entityTypes: [...view.entityTypes],
    schedule: view.schedule ?? '',
    local: connectorToForm(view.local),
    remote: connectorToForm(view.remote),
    // Values are write-only: the editor starts from "keep what is stored", never from the values.
    credentialsMode: view.credentialsSet ? 'keep' : 'replace',
    credentials: [{ name: '', value: '' }],
    entities: Object.fromEntries(view.entities.map((entity) => [entity.entityType, entityToForm(entity)])),
    syncSettings: settingsToForm(view.syncSettings),
  };
}

function credentialsFromRows(rows: CredentialRow[], errors: FieldErrors): Record<string, string> | undefined {
  const credentials: Record<string, string> = {};
  for (const row of rows) {
    const name = row.name.trim();
    if (!name && !row.value) continue;
    if (!name) errors.credentials = 'Every credential needs a name.';
    else if (!row.value) errors.credentials = `Enter a value for “${name}”.`;
    else if (name in credentials) errors.credentials = `“${name}” is listed twice.`;
    else credentials[name] = row.value;
  }
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}

function commonFields(form: IntegrationForm, errors: FieldErrors) {
  const local = connectorFromForm(form.local, 'local');
  const remote = connectorFromForm(form.remote, 'remote');
  if (!local.ok) Object.assign(errors, local.errors);
  if (!remote.ok) Object.assign(errors, remote.errors);
  const entities: EntitySyncSettings[] = [];
  for (const entityType of mappedEntityTypes(form)) {
    const entity = toEntitySettings(form.entities[entityType], `entities.${entityType}`);
    if (entity.ok) entities.push(entity.value.entity);
    else Object.assign(errors, entity.errors);
  }
  const syncSettings = toSettingsOverride(form.syncSettings);
  if (!syncSettings.ok) Object.assign(errors, syncSettings.errors);
  return {
    key: form.key.trim(),
    name: form.name.trim(),
    provider: form.provider.trim(),
    status: form.status,
    entityTypes: [...form.entityTypes],
    schedule: form.schedule.trim() || null,
    entities,
    syncSettings: syncSettings.ok ? syncSettings.value : {},
    local: local.ok ? local.value : undefined,
    remote: remote.ok ? remote.value : undefined,
  };
}

export function toCreateRequest(form: IntegrationForm): Parsed<CreateIntegrationRequest> {
  const errors: FieldErrors = {};
  const { local, remote, ...fields } = commonFields(form, errors);
  const credentials = credentialsFromRows(form.credentials, errors);
  if (Object.keys(errors).length > 0 || !local || !remote) return { ok: false, errors };
  return { ok: true, value: { ...fields, local, remote, ...(credentials ? { credentials } : {}) } };
}

export function toUpdateRequest(form: IntegrationForm): Parsed<UpdateIntegrationRequest> {
  const errors: FieldErrors = {};
  const { local, remote, ...fields } = commonFields(form, errors);
  let credentials: Record<string, string> | null | undefined;
  if (form.credentialsMode === 'clear') credentials = null;
  // Replacing with nothing typed leaves the stored credentials as they are.
  else if (form.credentialsMode === 'replace') credentials = credentialsFromRows(form.credentials, errors);
  if (Object.keys(errors).length > 0 || !local || !remote) return { ok: false, errors };
  return { ok: true, value: { ...fields, local, remote, ...(credentials !== undefined ? { credentials } : {}) } };
}

/** The entity types whose mapping is sent, in the order sent: listed types that have one. */
export function mappedEntityTypes(form: IntegrationForm): string[] {
  return form.entityTypes.filter((entityType) => form.entities[entityType] !== undefined);
}

/** Every field path the editor can show a reason beside, for this form's entities and rows. */
export function integrationFormFields(form: IntegrationForm): string[] {
  return [
    ...INTEGRATION_FORM_FIELDS,
    'entities',
    ...mappedEntityTypes(form).flatMap((entityType) =>
      entityFieldPaths(form.entities[entityType], `entities.${entityType}`),
    ),
    ...settingsFieldPaths('syncSettings', OVERRIDABLE_SETTINGS),
  ];
}

/**
 * An API error path about the entities sent (`entities.1.toLocal.0.from`) as the form's path
 * (`entities.lead.toLocal.2.from`): entities by type, mappings by the row they came from.
 */
export function integrationErrorPath(form: IntegrationForm, path: string): string {
  const match = /^entities\.(\d+)(\..*)?$/.exec(path);
  if (!match) return path;
  const entityType = mappedEntityTypes(form)[Number(match[1])];
  if (entityType === undefined) return path;
  const at = `entities.${entityType}`;
  const rest = match[2] ?? '';
  const list = ENTITY_LISTS.find((candidate) => rest === `.${candidate}` || rest.startsWith(`.${candidate}.`));
  if (!list) return `${at}${rest}`;
  const parsed = toEntitySettings(form.entities[entityType], at);
  const rows = parsed.ok ? parsed.value.rows[list] : [];
  return toFormPath(`${list}${rest.slice(list.length + 1)}`, list, `${at}.${list}`, rows) ?? path;
}
