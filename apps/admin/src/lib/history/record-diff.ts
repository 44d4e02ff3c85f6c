type RecordState = Record<string, unknown> | null | undefined;

/** One field of a record, before and after a sync; `undefined` means the field was absent on that side. */
export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/**
 * Lines up the fields of a record's two states. A field counts as changed when the integration
 * listed it in `changedFields` (or a path below it, such as `address.city` for `address`) or when
 * its two values differ. Rows are sorted by field name: the API stores states as PostgreSQL
 * `jsonb`, which does not keep the order the integration sent the fields in.
 */
export function diffRecord(before: RecordState, after: RecordState, changedFields: readonly string[] = []): DiffRow[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  // Listed fields that neither state holds still get a row, so nothing the integration reported is hidden.
  const covered = (name: string) => fields.some((field) => field === name || name.startsWith(`${field}.`));
  fields.push(...changedFields.filter((name) => !covered(name)));
  const sorted = [...new Set(fields)].sort((a, b) => a.localeCompare(b));
  return sorted.map((field) => {
    const beforeValue = before?.[field];
    const afterValue = after?.[field];
    const listed = changedFields.some((name) => name === field || name.startsWith(`${field}.`));
    return { field, before: beforeValue, after: afterValue, changed: listed || !sameValue(beforeValue, afterValue) };
  });
}

/** A state value as text: JSON, so `"12"` and `12` stay distinguishable; an absent value is a dash. */
export function formatStateValue(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'object' && value !== null
    ? JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ')
    : JSON.stringify(value);
}

/** Deep equality for JSON values; key order in objects does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  const aEntries = Object.entries(a);
  const bObject = b as Record<string, unknown>;
  return (
    aEntries.length === Object.keys(bObject).length &&
    aEntries.every(([key, value]) => key in bObject && sameValue(value, bObject[key]))
  );
}
