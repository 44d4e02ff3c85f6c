import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, validateConfig } from './app-config';

/** Validates the environment at boot and provides it typed: inject `AppConfig`. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: validateConfig(process.env) })] })],
  providers: [
    { provide: AppConfig, inject: [ConfigService], useFactory: (config: ConfigService) => config.getOrThrow('app') },
  ],
  exports: [AppConfig],
})
export class AppConfigModule {}
