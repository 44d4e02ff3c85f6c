import type { Page } from '@syncline/contracts';
import { ApiException } from '../errors/api-exception';

/** Opaque cursors over a stable sort key, so pages do not shift when rows are inserted. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string')) {
      return values as string[];
    }
  } catch {
    // fall through to the validation error below
  }
  throw ApiException.invalidField('cursor', 'is not a cursor returned by this list');
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only tells that a next page exists, and the
 * cursor is built from the last row shown.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  cursorOf: (last: Row) => (string | number)[],
  toItem: (row: Row) => Item,
): Page<Item> {
  const shown = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(cursorOf(shown[shown.length - 1])) : null;
  return { items: shown.map(toItem), nextCursor };
}
