import type { ErrorDetail } from '@syncline/contracts';
import { SynclineApiError } from '@syncline/sdk';

export type FieldErrors = Record<string, string>;

export interface MappedErrors {
  /** Reasons keyed by a field the form shows. */
  fields: FieldErrors;
  /** Details the form has no place for; shown in the form's summary instead of being dropped. */
  unmatched: ErrorDetail[];
}

/**
 * Places each API error detail at the nearest field the form shows: `entityTypes.2` lands on
 * `entityTypes`, `remote.baseUrl` on `remote.baseUrl` (or on `remote` when only that is shown).
 */
export function toFieldErrors(error: unknown, knownFields: readonly string[]): MappedErrors {
  const result: MappedErrors = { fields: {}, unmatched: [] };
  if (!(error instanceof SynclineApiError)) return result;
  const known = new Set(knownFields);
  for (const detail of error.body.details ?? []) {
    const { reason } = detail;
    const field = nearestKnownField(detail.field, known);
    if (field === undefined) result.unmatched.push({ field: detail.field, reason });
    else result.fields[field] ??= reason;
  }
  return result;
}

function nearestKnownField(path: string, known: Set<string>): string | undefined {
  const segments = path.split('.');
  while (segments.length > 0) {
    const candidate = segments.join('.');
    if (known.has(candidate)) return candidate;
    segments.pop();
  }
  return undefined;
}

/** A sentence for a person, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof SynclineApiError) {
    switch (error.status) {
      case 401:
        return error.message || 'Your session has ended. Please sign in again.';
      case 403:
        return error.message || 'You do not have permission to do that.';
      case 429:
        return 'Too many requests. Wait a moment and try again.';
      default:
        if (error.status >= 500 && !error.message) return 'The server failed to answer. Try again shortly.';
        return error.message || `Request failed (HTTP ${error.status}).`;
    }
  }
  // fetch rejects with a TypeError when the API cannot be reached at all.
  if (error instanceof TypeError) return 'Cannot reach the Syncline API. Check your connection and try again.';
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof SynclineApiError && error.status === 401;
}
