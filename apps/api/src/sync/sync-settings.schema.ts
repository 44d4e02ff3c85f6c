import {
  CAST_TYPES,
  CONFLICT_STRATEGIES,
  DATE_FORMATS,
  SYNC_DIRECTIONS,
  type EntitySyncSettings,
  type ErrorDetail,
  type SyncSettings,
  type SyncSettingsOverride,
} from '@syncline/contracts';
import { schemaCheck } from '../core/errors/json-schema';

const path = { type: 'string', pattern: '^[A-Za-z_$][\\w$-]*(\\.[A-Za-z_$][\\w$-]*)*$', maxLength: 200 } as const;
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const valueTable = { type: 'object', maxProperties: 1000 } as const;

const transform = (type: string, properties: Record<string, object> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: type }, ...properties },
});

const FIELD_TRANSFORM = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' } },
  discriminator: { propertyName: 'type' },
  oneOf: [
    transform('cast', { to: { enum: [...CAST_TYPES] } }, ['to']),
    transform('round', { decimals: { type: 'integer', minimum: 0, maximum: 10 } }, ['decimals']),
    transform('date_format', { format: { enum: [...DATE_FORMATS] } }, ['format']),
    transform(
      'enum_map',
      { values: { ...valueTable, additionalProperties: { type: 'string' } }, fallback: { type: 'string' } },
      ['values'],
    ),
    transform('lookup', { table: valueTable, fallback: {} }, ['table']),
    transform('template', { template: { type: 'string', minLength: 1, maxLength: 2000 } }, ['template']),
    transform('trim'),
    transform('lowercase'),
    transform('uppercase'),
  ],
};

const FIELD_MAPPINGS = {
  type: 'array',
  maxItems: 500,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'to'],
    properties: {
      from: path,
      to: path,
      transforms: { type: 'array', maxItems: 20, items: FIELD_TRANSFORM },
      default: {},
      required: { type: 'boolean' },
    },
  },
};

const INTEGRITY_RULE = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' } },
  discriminator: { propertyName: 'type' },
  oneOf: [
    transform('required', { field: path }, ['field']),
    transform('pattern', { field: path, pattern: { type: 'string', minLength: 1, maxLength: 500 } }, [
      'field',
      'pattern',
    ]),
    transform('reference', { field: path, entityType: name }, ['field', 'entityType']),
  ],
};

const ENTITIES = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['entityType', 'localKey', 'remoteKey', 'toLocal', 'toRemote'],
    properties: {
      entityType: name,
      localKey: path,
      remoteKey: path,
      toLocal: FIELD_MAPPINGS,
      toRemote: FIELD_MAPPINGS,
      direction: { enum: [...SYNC_DIRECTIONS] },
      conflictStrategy: { enum: [...CONFLICT_STRATEGIES] },
      integrity: { type: 'array', maxItems: 100, items: INTEGRITY_RULE },
    },
  },
};

const RETRY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    attempts: { type: 'integer', minimum: 1, maximum: 10 },
    baseDelayMs: { type: 'integer', minimum: 0, maximum: 60_000 },
    maxDelayMs: { type: 'integer', minimum: 0, maximum: 600_000 },
  },
};

const overridable = {
  batchSize: { type: 'integer', minimum: 1, maximum: 10_000 },
  retry: RETRY,
  failedRecordRetryDelayMs: { type: 'integer', minimum: 0, maximum: 7 * 24 * 3600_000 },
  conflictStrategy: { enum: [...CONFLICT_STRATEGIES] },
  verify: { type: 'boolean' },
  autoResyncGaps: { type: 'boolean' },
  sessionTimeoutMs: { type: 'integer', minimum: 10_000, maximum: 7 * 24 * 3600_000 },
};

const SETTINGS_OVERRIDE = { type: 'object', additionalProperties: false, properties: overridable };

const SETTINGS = {
  type: 'object',
  additionalProperties: false,
  required: [...Object.keys(overridable), 'minIntervalSeconds', 'workerConcurrency'],
  properties: {
    ...overridable,
    retry: { ...RETRY, required: ['attempts', 'baseDelayMs', 'maxDelayMs'] },
    minIntervalSeconds: { type: 'integer', minimum: 60, maximum: 7 * 24 * 3600 },
    workerConcurrency: { type: 'integer', minimum: 1, maximum: 64 },
  },
};

const entitiesShape = schemaCheck(ENTITIES);
export const checkFieldMappings = schemaCheck(FIELD_MAPPINGS);
export const checkSyncSettingsOverride = schemaCheck(SETTINGS_OVERRIDE);
export const checkSyncSettings = schemaCheck(SETTINGS);

/** The shape, then what JSON Schema cannot say: entity types exist, patterns compile, one mapping per entity. */
export function checkEntities(entities: unknown, entityTypes: readonly string[]): ErrorDetail[] {
  const shape = entitiesShape(entities, 'entities');
  if (shape.length > 0) return shape;
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  (entities as EntitySyncSettings[]).forEach((entity, index) => {
    const at = (field: string) => `entities.${index}.${field}`;
    if (!entityTypes.includes(entity.entityType)) {
      problems.push({ field: at('entityType'), reason: `must be one of the integration's entity types` });
    }
    if (seen.has(entity.entityType)) problems.push({ field: at('entityType'), reason: 'is configured twice' });
    seen.add(entity.entityType);
    (entity.integrity ?? []).forEach((rule, ruleIndex) => {
      if (rule.type === 'pattern' && !compiles(rule.pattern)) {
        problems.push({ field: at(`integrity.${ruleIndex}.pattern`), reason: 'is not a valid regular expression' });
      }
      if (rule.type === 'reference' && !entityTypes.includes(rule.entityType)) {
        problems.push({
          field: at(`integrity.${ruleIndex}.entityType`),
          reason: `must be one of the integration's entity types`,
        });
      }
    });
  });
  return problems;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** The settings in force for one integration: the global ones with the integration's overrides on top. */
export function effectiveSettings(global: SyncSettings, override: SyncSettingsOverride): SyncSettings {
  return { ...global, ...override, retry: { ...global.retry, ...override.retry } };
}
