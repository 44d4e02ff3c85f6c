import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { SessionsModule } from '../sessions/sessions.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { MAINTENANCE_QUEUE } from './maintenance.queue';

/** Worker-side housekeeping: expired sign-ins, record-log partitions, retention, queue-depth samples. */
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE }), AuthModule, SessionsModule, MetricsModule],
  providers: [MaintenanceProcessor],
})
export class MaintenanceModule {}
