import {
  CAST_TYPES,
  DATE_FORMATS,
  type ConflictStrategy,
  type EntitySyncSettings,
  type FieldMapping,
  type FieldTransform,
  type FieldTransformType,
  type SyncDirection,
} from '@syncline/contracts';
import type { FieldErrors } from '$lib/api/api-errors';
import { FIELD_PATH, FIELD_PATH_REASON } from './field-path';
import type { Parsed } from './integration-form';
import { integrityFieldPaths, integrityRulesToForm, toIntegrityRules, type IntegrityRuleForm } from './integrity-form';

export type CastType = (typeof CAST_TYPES)[number];
export type DateFormat = (typeof DATE_FORMATS)[number];

/** The two mappings of an entity: remote records into local ones, and local records out to the remote side. */
export type MappingSide = 'toLocal' | 'toRemote';
export const MAPPING_SIDES: readonly MappingSide[] = ['toLocal', 'toRemote'];

/**
 * One transform step. Every type's inputs are kept (as text), so switching the type back and forth
 * does not lose what was typed; only the chosen type's are sent.
 */
export interface TransformForm {
  type: FieldTransformType;
  castTo: CastType;
  decimals: string;
  format: DateFormat;
  /** enum_map values and lookup table entries, in the order shown. */
  pairs: { from: string; to: string }[];
  /** Empty: no fallback (an unlisted value is a problem). */
  fallback: string;
  template: string;
}

export interface MappingRowForm {
  /** Identity for keyed lists, stable while rows move; never sent. */
  id: number;
  from: string;
  to: string;
  transforms: TransformForm[];
  /** Empty: no default. Otherwise a JSON value, or plain text (see `parseLooseValue`). */
  defaultValue: string;
  required: boolean;
}

export interface EntityForm {
  entityType: string;
  localKey: string;
  remoteKey: string;
  direction: SyncDirection;
  /** Empty: the integration's strategy. */
  conflictStrategy: ConflictStrategy | '';
  toLocal: MappingRowForm[];
  toRemote: MappingRowForm[];
  /** Checked on the local side after each sync. */
  integrity: IntegrityRuleForm[];
}

/** The transforms the API's mapping schema accepts, in the order the editor offers them. */
export const TRANSFORM_OPTIONS: readonly { value: FieldTransformType; label: string }[] = [
  { value: 'cast', label: 'Convert type' },
  { value: 'round', label: 'Round number' },
  { value: 'date_format', label: 'Format date' },
  { value: 'enum_map', label: 'Map values' },
  { value: 'lookup', label: 'Look up' },
  { value: 'template', label: 'Template' },
  { value: 'trim', label: 'Trim spaces' },
  { value: 'lowercase', label: 'Lower case' },
  { value: 'uppercase', label: 'Upper case' },
];

export const DATE_FORMAT_OPTIONS: readonly { value: DateFormat; label: string }[] = [
  { value: 'iso', label: 'ISO date and time' },
  { value: 'date', label: 'Date only (YYYY-MM-DD)' },
  { value: 'epoch_ms', label: 'Epoch milliseconds' },
  { value: 'epoch_s', label: 'Epoch seconds' },
];

let nextRowId = 1;

export function newTransform(type: FieldTransformType = 'cast'): TransformForm {
  return {
    type,
    castTo: 'string',
    decimals: '2',
    format: 'iso',
    pairs: [{ from: '', to: '' }],
    fallback: '',
    template: '',
  };
}

export function newRow(from = '', to = ''): MappingRowForm {
  return { id: nextRowId++, from, to, transforms: [], defaultValue: '', required: false };
}

/** A mapping to start from: keyed by `id` on both sides, one empty row each way. */
export function newEntityForm(entityType: string): EntityForm {
  return {
    entityType,
    localKey: 'id',
    remoteKey: 'id',
    direction: 'bidirectional',
    conflictStrategy: '',
    toLocal: [newRow()],
    toRemote: [newRow()],
    integrity: [],
  };
}

export function transformToForm(transform: FieldTransform): TransformForm {
  const form = newTransform(transform.type);
  switch (transform.type) {
    case 'cast':
      form.castTo = transform.to;
      break;
    case 'round':
      form.decimals = String(transform.decimals);
      break;
    case 'date_format':
      form.format = transform.format;
      break;
    case 'enum_map':
      form.pairs = Object.entries(transform.values).map(([from, to]) => ({ from, to }));
      form.fallback = transform.fallback ?? '';
      break;
    case 'lookup':
      form.pairs = Object.entries(transform.table).map(([from, to]) => ({ from, to: formatLooseValue(to) }));
      form.fallback = transform.fallback === undefined ? '' : formatLooseValue(transform.fallback);
      break;
    case 'template':
      form.template = transform.template;
      break;
  }
  if (form.pairs.length === 0) form.pairs = [{ from: '', to: '' }];
  return form;
}

export function rowsFromMappings(mappings: readonly FieldMapping[]): MappingRowForm[] {
  return mappings.map((mapping) => ({
    ...newRow(mapping.from, mapping.to),
    transforms: (mapping.transforms ?? []).map(transformToForm),
    defaultValue: mapping.default === undefined ? '' : formatLooseValue(mapping.default),
    required: mapping.required ?? false,
  }));
}

export function entityToForm(entity: EntitySyncSettings): EntityForm {
  return {
    entityType: entity.entityType,
    localKey: entity.localKey,
    remoteKey: entity.remoteKey,
    direction: entity.direction ?? 'bidirectional',
    conflictStrategy: entity.conflictStrategy ?? '',
    toLocal: rowsFromMappings(entity.toLocal),
    toRemote: rowsFromMappings(entity.toRemote),
    integrity: integrityRulesToForm(entity.integrity),
  };
}

/** A mapping as the API takes it, and for each of its items the form row it came from (blank rows are left out). */
export interface FieldMappings {
  mapping: FieldMapping[];
  rows: number[];
}

/**
 * The rows as the API's field mappings. Reasons are keyed `${at}.${row}.from`, `${at}.${row}.transforms.0.decimals` …,
 * the same paths the API uses, with the form's row positions.
 */
export function toFieldMappings(rows: readonly MappingRowForm[], at: string): Parsed<FieldMappings> {
  const errors: FieldErrors = {};
  const result: FieldMappings = { mapping: [], rows: [] };
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    const path = `${at}.${index}`;
    const from = row.from.trim();
    const to = row.to.trim();
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!value) errors[`${path}.${name}`] = 'is required';
      else if (!FIELD_PATH.test(value)) errors[`${path}.${name}`] = FIELD_PATH_REASON;
    }
    const transforms = row.transforms.map((transform, step) =>
      transformFromForm(transform, `${path}.transforms.${step}`, errors),
    );
    const mapping: FieldMapping = { from, to };
    if (transforms.length > 0) mapping.transforms = transforms;
    if (row.defaultValue.trim() !== '') mapping.default = parseLooseValue(row.defaultValue);
    if (row.required) mapping.required = true;
    result.mapping.push(mapping);
    result.rows.push(index);
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: result };
}

function isBlank(row: MappingRowForm): boolean {
  return !row.from.trim() && !row.to.trim() && row.transforms.length === 0 && !row.defaultValue.trim() && !row.required;
}

export function transformFromForm(form: TransformForm, at: string, errors: FieldErrors): FieldTransform {
  switch (form.type) {
    case 'cast':
      return { type: 'cast', to: form.castTo };
    case 'round': {
      const decimals = Number(form.decimals.trim());
      if (form.decimals.trim() === '' || !Number.isInteger(decimals))
        errors[`${at}.decimals`] = 'must be a whole number';
      return { type: 'round', decimals };
    }
    case 'date_format':
      return { type: 'date_format', format: form.format };
    case 'enum_map': {
      const values = pairsToTable(form.pairs, `${at}.values`, errors, (text) => text);
      return { type: 'enum_map', values, ...(form.fallback !== '' ? { fallback: form.fallback } : {}) };
    }
    case 'lookup': {
      const table = pairsToTable(form.pairs, `${at}.table`, errors, parseLooseValue);
      return {
        type: 'lookup',
        table,
        ...(form.fallback.trim() !== '' ? { fallback: parseLooseValue(form.fallback) } : {}),
      };
    }
    case 'template':
      if (!form.template.trim()) errors[`${at}.template`] = 'is required, e.g. {{make}} {{model}}';
      return { type: 'template', template: form.template };
    case 'trim':
    case 'lowercase':
    case 'uppercase':
      return { type: form.type };
  }
}

function pairsToTable<T>(
  pairs: readonly { from: string; to: string }[],
  at: string,
  errors: FieldErrors,
  value: (text: string) => T,
): Record<string, T> {
  const table: Record<string, T> = {};
  for (const pair of pairs) {
    if (pair.from === '' && pair.to === '') continue;
    if (pair.from === '') errors[at] = 'Every entry needs the value it replaces.';
    else if (Object.hasOwn(table, pair.from)) errors[at] = `“${pair.from}” is listed twice.`;
    else table[pair.from] = value(pair.to);
  }
  if (Object.keys(table).length === 0) errors[at] ??= 'needs at least one entry';
  return table;
}

/** The lists of an entity whose items the API names by position: its two mappings and its rules. */
export type EntityList = MappingSide | 'integrity';
export const ENTITY_LISTS: readonly EntityList[] = [...MAPPING_SIDES, 'integrity'];

/** The entity as the API takes it, with the form rows each of its mappings and rules came from. */
export interface EntityRequest {
  entity: EntitySyncSettings;
  rows: Record<EntityList, number[]>;
}

export function toEntitySettings(form: EntityForm, at: string): Parsed<EntityRequest> {
  const errors: FieldErrors = {};
  for (const key of ['localKey', 'remoteKey'] as const) {
    const value = form[key].trim();
    if (!value) errors[`${at}.${key}`] = 'is required';
    else if (!FIELD_PATH.test(value)) errors[`${at}.${key}`] = FIELD_PATH_REASON;
  }
  const sides = MAPPING_SIDES.map((side) => toFieldMappings(form[side], `${at}.${side}`));
  for (const side of sides) if (!side.ok) Object.assign(errors, side.errors);
  const integrity = toIntegrityRules(form.integrity, `${at}.integrity`);
  if (!integrity.ok) Object.assign(errors, integrity.errors);
  if (Object.keys(errors).length > 0 || !sides[0].ok || !sides[1].ok || !integrity.ok) return { ok: false, errors };
  const [toLocal, toRemote] = [sides[0].value, sides[1].value];
  const { rules } = integrity.value;
  const entity: EntitySyncSettings = {
    entityType: form.entityType,
    localKey: form.localKey.trim(),
    remoteKey: form.remoteKey.trim(),
    toLocal: toLocal.mapping,
    toRemote: toRemote.mapping,
    direction: form.direction,
    ...(form.conflictStrategy ? { conflictStrategy: form.conflictStrategy } : {}),
    ...(rules.length > 0 ? { integrity: rules } : {}),
  };
  const rows = { toLocal: toLocal.rows, toRemote: toRemote.rows, integrity: integrity.value.rows };
  return { ok: true, value: { entity, rows } };
}

/**
 * An API error path with the API's item index under `apiAt` replaced by the form row it came from:
 * `mapping.1.from` → `entities.vehicle.toLocal.3.from` when the second mapping sent was row 3.
 */
export function toFormPath(path: string, apiAt: string, formAt: string, rows: readonly number[]): string | null {
  if (path !== apiAt && !path.startsWith(`${apiAt}.`)) return null;
  const [index, ...rest] = path.slice(apiAt.length + 1).split('.');
  const row = /^\d+$/.test(index ?? '') ? rows[Number(index)] : undefined;
  if (row === undefined) return [formAt, index, ...rest].filter(Boolean).join('.');
  return [formAt, String(row), ...rest].join('.');
}

/** Every path the editor shows a reason beside, for the rows of one mapping. */
export function mappingFieldPaths(rows: readonly MappingRowForm[], at: string): string[] {
  return [
    at,
    ...rows.flatMap((row, index) => {
      const path = `${at}.${index}`;
      return [
        path,
        `${path}.from`,
        `${path}.to`,
        `${path}.default`,
        `${path}.required`,
        ...row.transforms.flatMap((_, step) => {
          const transform = `${path}.transforms.${step}`;
          return [
            transform,
            ...['to', 'decimals', 'format', 'values', 'table', 'fallback', 'template'].map(
              (name) => `${transform}.${name}`,
            ),
          ];
        }),
      ];
    }),
  ];
}

export function entityFieldPaths(form: EntityForm, at: string): string[] {
  return [
    at,
    `${at}.entityType`,
    `${at}.localKey`,
    `${at}.remoteKey`,
    `${at}.direction`,
    `${at}.conflictStrategy`,
    ...integrityFieldPaths(form.integrity, `${at}.integrity`),
    ...MAPPING_SIDES.flatMap((side) => mappingFieldPaths(form[side], `${at}.${side}`)),
  ];
}

/** Moves a row up (-1) or down (+1); the list as it was when the move would leave it. */
export function moveRow<T>(rows: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (target < 0 || target >= rows.length) return [...rows];
  const moved = [...rows];
  [moved[index], moved[target]] = [moved[target], moved[index]];
  return moved;
}

/** The other direction's rows with their fields swapped, as a start for this one (transforms are one-way: left out). */
export function mirrorRows(rows: readonly MappingRowForm[]): MappingRowForm[] {
  return rows.filter((row) => !isBlank(row)).map((row) => newRow(row.to, row.from));
}

/**
 * A value typed as text: JSON when it reads as JSON (`12`, `true`, `null`, `"12"`, `{"a":1}`),
 * otherwise the text itself, so `Unknown` needs no quotes.
 */
export function parseLooseValue(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** The text `parseLooseValue` reads back as the same value. */
export function formatLooseValue(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value) ?? '';
  const plain = value !== '' && value.trim() === value && parseLooseValue(value) === value;
  return plain ? value : JSON.stringify(value);
}

/** A transform in a few words, for the summary of a folded row: "cast to integer", "map 3 values". */
export function describeTransform(form: TransformForm): string {
  const entries = form.pairs.filter((pair) => pair.from !== '' || pair.to !== '').length;
  switch (form.type) {
    case 'cast':
      return `to ${form.castTo}`;
    case 'round':
      return `round to ${form.decimals || '?'} decimals`;
    case 'date_format':
      return `date as ${form.format}`;
    case 'enum_map':
      return `map ${entries} ${entries === 1 ? 'value' : 'values'}`;
    case 'lookup':
      return `look up in ${entries} ${entries === 1 ? 'entry' : 'entries'}`;
    case 'template':
      return 'template';
    case 'trim':
      return 'trim';
    case 'lowercase':
      return 'lower case';
    case 'uppercase':
      return 'upper case';
  }
}
