import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppConfig } from './core/config/app-config';
import { loadEnvFile } from './core/config/load-env-file';
import { configureApp } from './core/http/configure-app';

async function bootstrap(): Promise<void> {
  loadEnvFile();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  configureApp(app);
  await app.listen(app.get(AppConfig).PORT);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`Syncline API could not start: ${error.message}\n`);
  process.exit(1);
});
