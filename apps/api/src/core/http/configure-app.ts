import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { ApiExceptionFilter } from '../errors/api-exception.filter';
import { createValidationPipe } from '../errors/validation';
import { AdminApp } from './admin-app';
import { serveOpenApi } from './openapi';

/** Everything the HTTP app needs besides its modules; shared by `main.ts` and the HTTP tests. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT, extended: true });
  app.use(cookieParser());
  const adminApp = AdminApp.from(config.ADMIN_DIST);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", () => adminApp?.scriptHashes().join(' ') ?? ''],
          // Self-hosted installs are often reached over plain HTTP on a LAN; forcing HTTPS would break them.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  adminApp?.serve(app);
  app.enableCors({ origin: config.ADMIN_ORIGIN ? config.ADMIN_ORIGIN.split(',') : false, credentials: true });
  app.setGlobalPrefix('api/v1', { exclude: ['metrics', 'api/admin/integrations/:key/health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  serveOpenApi(app);
}
