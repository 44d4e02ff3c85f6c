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
