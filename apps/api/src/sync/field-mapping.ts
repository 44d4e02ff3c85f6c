import type { ErrorDetail, FieldMapping, FieldTransform } from '@syncline/contracts';

type Outcome = { ok: true; value: unknown } | { ok: false; reason: string };

export interface MappingResult {
  record: Record<string, unknown>;
  /** One per target field that could not be produced; the record is invalid when there are any. */
  problems: ErrorDetail[];
}

/**
 * Builds the target record from a source record, field by field. Never throws: a value a transform
 * cannot handle becomes a problem naming the target field, so one bad record is isolated, not fatal.
 */
export function applyMapping(source: Record<string, unknown>, mappings: readonly FieldMapping[]): MappingResult {
  const record: Record<string, unknown> = {};
  const problems: ErrorDetail[] = [];
  for (const mapping of mappings) {
    let read = readPath(source, mapping.from);
    let failure: string | undefined;
    for (const transform of mapping.transforms ?? []) {
      if (read === null || read === undefined) break;
      const outcome = applyTransform(read, transform, source);
      if (!outcome.ok) {
        failure = outcome.reason;
        break;
      }
      read = outcome.value;
    }
    if (failure !== undefined) {
      problems.push({ field: mapping.to, reason: failure });
      continue;
    }
    // A cleared field (null) stays cleared unless a default replaces it.
    const value = read === undefined || read === null ? (mapping.default ?? read) : read;
    if (value === undefined || value === null) {
      if (mapping.required) problems.push({ field: mapping.to, reason: `is required but ${mapping.from} is empty` });
      if (value === null) writePath(record, mapping.to, null);
      continue;
    }
    writePath(record, mapping.to, value);
  }
  return { record, problems };
}

export function applyTransform(value: unknown, transform: FieldTransform, source: Record<string, unknown>): Outcome {
  switch (transform.type) {
    case 'cast':
      return cast(value, transform.to);
    case 'round': {
      const number = toNumber(value);
      if (number === undefined) return fail(`${describe(value)} is not a number`);
      const factor = 10 ** transform.decimals;
      const rounded = Math.round(number * factor) / factor;
      return Number.isFinite(rounded) ? ok(rounded) : fail(`${describe(value)} is too large to round`);
    }
    case 'date_format': {
      const date = toDate(value);
      if (!date) return fail(`${describe(value)} is not a date`);
      const formats = {
        iso: () => date.toISOString(),
        date: () => date.toISOString().split('T')[0],
        epoch_ms: () => date.getTime(),
        epoch_s: () => Math.floor(date.getTime() / 1000),
      };
      return ok(formats[transform.format]());
    }
    case 'enum_map':
    case 'lookup': {
      const table: Record<string, unknown> = transform.type === 'enum_map' ? transform.values : transform.table;
      const key = typeof value === 'object' ? JSON.stringify(value) : String(value);
      if (Object.hasOwn(table, key)) return ok(table[key]);
      if (transform.fallback !== undefined) return ok(transform.fallback);
      return fail(`has no mapping for ${describe(value)}`);
    }
    case 'template':
      return ok(
        transform.template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
          const part = readPath(source, path);
          return part === undefined || part === null ? '' : String(part);
        }),
      );
    case 'trim':
    case 'lowercase':
    case 'uppercase': {
      if (typeof value !== 'string') return fail(`${describe(value)} is not text`);
      const text = {
        trim: () => value.trim(),
        lowercase: () => value.toLowerCase(),
        uppercase: () => value.toUpperCase(),
      };
      return ok(text[transform.type]());
    }
  }
}

function cast(value: unknown, to: Extract<FieldTransform, { type: 'cast' }>['to']): Outcome {
  switch (to) {
    case 'string':
      return ok(typeof value === 'object' ? JSON.stringify(value) : String(value));
    case 'number': {
      const number = toNumber(value);
      return number === undefined ? fail(`${describe(value)} is not a number`) : ok(number);
    }
    case 'integer': {
      const number = toNumber(value);
      return number === undefined || !Number.isInteger(number)
        ? fail(`${describe(value)} is not a whole number`)
        : ok(number);
    }
    case 'boolean': {
      const text = String(value).trim().toLowerCase();
      if (['true', '1', 'yes', 'y'].includes(text)) return ok(true);
      if (['false', '0', 'no', 'n'].includes(text)) return ok(false);
      return fail(`${describe(value)} is not true or false`);
    }
    case 'date': {
      const date = toDate(value);
      return date ? ok(date.toISOString()) : fail(`${describe(value)} is not a date`);
    }
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : undefined;
}

/** Accepts Date objects, ISO-like strings and epoch milliseconds. */
function toDate(value: unknown): Date | undefined {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'number' || typeof value === 'string'
        ? new Date(value)
        : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

const ok = (value: unknown): Outcome => ({ ok: true, value });
const fail = (reason: string): Outcome => ({ ok: false, reason });

function describe(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function readPath(record: Record<string, unknown>, path: string): unknown {
  // Most fields are top-level: no path to split (this runs for every field of every record).
  if (!path.includes('.')) return Object.hasOwn(record, path) ? record[path] : undefined;
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function writePath(record: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.includes('.') ? path.split('.') : [path];
  let current = record;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    current = (current[part] = next !== null && typeof next === 'object' ? next : {}) as Record<string, unknown>;
  }
  // A copy: a later mapping writing below this path must not reach into the source record.
  current[parts[parts.length - 1]] = value !== null && typeof value === 'object' ? structuredClone(value) : value;
}
