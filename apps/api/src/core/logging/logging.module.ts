import { randomUUID } from 'node:crypto';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

/** Paths pino blanks out in every log line, wherever a secret could travel. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.credentials',
  '*.key',
];

/** Structured JSON logs with a request id on every line (echoed back as `X-Request-Id`). */
export function loggerParams(config: AppConfig): Params {
  return {
    // Nest 11's path syntax for "every route" (the library's default '*' logs a deprecation warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (request, response) => {
        const incoming = request.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (request) => request.url === '/metrics' || request.url === '/api/v1/health' },
      customSuccessMessage: (request, response, responseTime) =>
        `${request.method} ${request.url} ${response.statusCode} ${responseTime} ms`,
      customErrorMessage: (request, response) => `${request.method} ${request.url} ${response.statusCode} failed`,
      // In a terminal one line per request is enough; the JSON lines elsewhere keep the headers.
      transport:
        config.NODE_ENV === 'development'
          ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,req,res,responseTime' } }
          : undefined,
    },
  };
}

@Module({
  imports: [LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams })],
})
export class LoggingModule {}
