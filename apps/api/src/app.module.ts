import { Module } from '@nestjs/common';
import { AlertingModule } from './alerting/alerting.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { CoreModule } from './core/core.module';
import { ProcessLoadModule } from './core/monitoring/process-load';
import { SecurityModule } from './core/security/security.module';
import { ErrorsModule } from './errors/errors.module';
import { HealthModule } from './health/health.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { LiveModule } from './live/live.module';
import { MetricsModule } from './metrics/metrics.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SessionsModule } from './sessions/sessions.module';
import { SettingsModule } from './settings/settings.module';
import { SyncModule } from './sync/sync.module';
import { UsersModule } from './users/users.module';

/** The HTTP API process. */
@Module({
  imports: [
    CoreModule,
    ProcessLoadModule.forRole('api'),
    SecurityModule,
    AuthModule,
    UsersModule,
    ApiKeysModule,
    IntegrationsModule,
    SessionsModule,
    SyncModule,
    ErrorsModule,
    SettingsModule,
    LiveModule,
    HealthModule,
    MetricsModule,
    NotificationsModule,
    AlertingModule,
    MonitoringModule,
  ],
})
export class AppModule {}
