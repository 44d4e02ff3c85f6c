import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertingModule } from '../alerting/alerting.module';
import { Integration } from '../integrations/entities/integration.entity';
import { IntegrationsModule } from '../integrations/integrations.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AdminHealthController } from './admin-health.controller';
import { DashboardCacheModule } from './dashboard-cache';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';
import { IntegrationHealthService } from './integration-health.service';
import { MonitoringStatusService } from './monitoring-status.service';
import { MonitoringController } from './monitoring.controller';

/** The dashboard, integration health and the monitoring status. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Integration]),
    AlertingModule,
    IntegrationsModule,
    SessionsModule,
    DashboardCacheModule,
  ],
  controllers: [MonitoringController, AdminHealthController],
  providers: [DashboardRepository, DashboardService, IntegrationHealthService, MonitoringStatusService],
})
export class MonitoringModule {}
