import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { NotificationsModule } from './notifications.module';
import { NotificationsProcessor } from './notifications.processor';
import { NOTIFICATIONS_QUEUE } from './notifications.queue';

/** The worker side of notifications: the processor that sends queued deliveries and sweeps lost ones. */
@Module({
  imports: [BullModule.registerQueue({ name: NOTIFICATIONS_QUEUE }), NotificationsModule],
  providers: [NotificationsProcessor],
})
export class NotificationsWorkerModule {}
