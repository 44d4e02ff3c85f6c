/** Machine-readable reasons an API request failed; the HTTP status follows from the code. */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  /** Well-formed, but the target cannot do it (e.g. retrying an error that names no record). */
  'unprocessable',
  'payload_too_large',
  'rate_limited',
  'service_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  /** Dotted path of the offending input field, e.g. `remote.baseUrl`. */
  field: string;
  reason: string;
}

/** The one JSON shape of every error the API returns. */
export interface ApiErrorBody {
  statusCode: number;
  error: ErrorCode;
  message: string;
  details: ErrorDetail[];
  requestId?: string;
}
