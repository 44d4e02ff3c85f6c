import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { MAINTENANCE_QUEUE } from './maintenance.queue';

/** Worker-side housekeeping (expired sessions now; retention jobs join it later). */
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE }), AuthModule],
  providers: [MaintenanceProcessor],
})
export class MaintenanceModule {}
