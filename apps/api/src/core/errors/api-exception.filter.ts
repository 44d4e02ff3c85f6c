import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ERROR_CODES, type ApiErrorBody, type ErrorCode } from '@syncline/contracts';
import type { Request, Response } from 'express';
import { ApiException, STATUS_BY_CODE } from './api-exception';

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  ERROR_CODES.map((code) => [STATUS_BY_CODE[code], code] as [number, ErrorCode]),
);

/** Errors raised by Express middleware (e.g. the body parser's size limit) carry a status instead of being HttpExceptions. */
interface MiddlewareError {
  status: number;
  message: string;
}

/** Turns every error into the one JSON shape; only unexpected errors are logged with their stack, never sent. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) this.logger.error(exception);
    http
      .getResponse<Response>()
      .status(body.statusCode)
      .json({ ...body, requestId: request.id ? String(request.id) : undefined });
  }

  private toBody(exception: unknown, request: Request): ApiErrorBody {
    if (exception instanceof ApiException) {
      return {
        statusCode: exception.status,
        error: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof ThrottlerException) {
      return this.plain(HttpStatus.TOO_MANY_REQUESTS, 'Too many requests, slow down and retry later');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const message =
        status === HttpStatus.NOT_FOUND ? `No route ${request.method} ${request.path}` : this.messageOf(exception);
      return this.plain(status, message);
    }
    if (isMiddlewareError(exception)) return this.plain(exception.status, exception.message);
    return this.plain(HttpStatus.INTERNAL_SERVER_ERROR, 'Something went wrong on our side');
  }

  private plain(statusCode: number, message: string): ApiErrorBody {
    const error = CODE_BY_STATUS.get(statusCode) ?? (statusCode < 500 ? 'validation_failed' : 'internal');
    return { statusCode, error, message, details: [] };
  }

  private messageOf(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
  }
}

function isMiddlewareError(error: unknown): error is MiddlewareError {
  const status = (error as MiddlewareError | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
