import { Module } from '@nestjs/common';
import { CoreModule } from './core/core.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { SyncWorkerModule } from './sync/sync-worker.module';

/** The worker process: BullMQ processors only, scaled apart from the API. */
@Module({ imports: [CoreModule, MaintenanceModule, SyncWorkerModule] })
export class WorkerModule {}
