import { Module } from '@nestjs/common';
import { AlertingWorkerModule } from './alerting/alerting-worker.module';
import { CoreModule } from './core/core.module';
import { ProcessLoadModule } from './core/monitoring/process-load';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { DashboardCacheModule } from './monitoring/dashboard-cache';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { SyncWorkerModule } from './sync/sync-worker.module';

/** The worker process: BullMQ processors only, scaled apart from the API. */
@Module({
  imports: [
    CoreModule,
    ProcessLoadModule.forRole('worker'),
    MaintenanceModule,
    SyncWorkerModule,
    AlertingWorkerModule,
    NotificationsWorkerModule,
    DashboardCacheModule,
  ],
})
export class WorkerModule {}
