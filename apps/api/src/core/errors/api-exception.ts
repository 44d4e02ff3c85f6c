import { HttpStatus } from '@nestjs/common';
import type { ErrorCode, ErrorDetail } from '@syncline/contracts';

export const STATUS_BY_CODE: Record<ErrorCode, HttpStatus> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  service_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** A domain failure: services throw it with a code, and the filter turns it into the shared error body. */
export class ApiException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiException';
  }

  get status(): HttpStatus {
    return STATUS_BY_CODE[this.code];
  }

  static notFound(what: string, id: string): ApiException {
    return new ApiException('not_found', `${what} ${id} was not found`);
  }

  static invalidField(field: string, reason: string): ApiException {
    return new ApiException('validation_failed', `${field} ${reason}`, [{ field, reason }]);
  }

  /** A 400 listing every broken rule; the message names the field when there is only one. */
  static invalid(details: ErrorDetail[], what = 'fields'): ApiException {
    const summary = details.length === 1 ? `${details[0].field}: ${details[0].reason}` : `Some ${what} are invalid`;
    return new ApiException('validation_failed', summary, details);
  }
}
