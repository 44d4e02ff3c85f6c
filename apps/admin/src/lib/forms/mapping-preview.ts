import type { MappingPreviewItem } from '@syncline/contracts';
import { sameValue } from '$lib/history/record-diff';
import type { FieldMappings } from './mapping-form';

/** One mapped field of a sample record: the source value, what the mapping made of it, and why it could not. */
export interface PreviewField {
  /** The form row it comes from. */
  row: number;
  from: string;
  to: string;
  /** `undefined` when the source record has no such field. */
  source: unknown;
  /** `undefined` when the mapping wrote nothing (a problem, or nothing to copy). */
  result: unknown;
  /** The mapping changed the value on its way: a transform or a default. */
  changed: boolean;
  problem: string | null;
}

export interface PreviewRecord {
  key: string | null;
  fields: PreviewField[];
  /** Problems with no mapped field to sit beside. */
  otherProblems: string[];
}

/** Lines up each sample record's source values with the mapped ones, one entry per mapping sent. */
export function previewRecords(items: readonly MappingPreviewItem[], sent: FieldMappings): PreviewRecord[] {
  return items.map((item) => {
    const fields = sent.mapping.map((mapping, index) => {
      const source = readPath(item.before, mapping.from);
      const result = readPath(item.after, mapping.to);
      const problem = item.problems.find((detail) => detail.field === mapping.to)?.reason ?? null;
      return {
        row: sent.rows[index],
        from: mapping.from,
        to: mapping.to,
        source,
        result,
        changed: problem === null && !sameValue(source, result),
        problem,
      };
    });
    const targets = new Set(sent.mapping.map((mapping) => mapping.to));
    const otherProblems = item.problems
      .filter((detail) => !targets.has(detail.field))
      .map((detail) => `${detail.field} ${detail.reason}`);
    return { key: item.key, fields, otherProblems };
  });
}

/** Per form row that failed on some sample: on how many, and the first reason, to show at the row. */
export function rowProblems(records: readonly PreviewRecord[]): Map<number, { count: number; reason: string }> {
  const problems = new Map<number, { count: number; reason: string }>();
  for (const record of records) {
    for (const field of record.fields) {
      if (field.problem === null) continue;
      const known = problems.get(field.row);
      problems.set(field.row, { count: (known?.count ?? 0) + 1, reason: known?.reason ?? field.problem });
    }
  }
  return problems;
}

/** A dotted path read the way the API's mapping reads it. */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
