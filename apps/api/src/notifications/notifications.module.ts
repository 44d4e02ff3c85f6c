import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailSender } from './email.sender';
import { NotificationChannel } from './entities/notification-channel.entity';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationChannelsController } from './notification-channels.controller';
import { NotificationChannelsService } from './notification-channels.service';
import { NotificationDeliveriesRepository } from './notification-deliveries.repository';
import { NotificationQueue } from './notification-queue';
import { NotificationsService } from './notifications.service';
import { WebhookSender } from './webhook.sender';
import { WebhookTargets } from './webhook-targets';

/**
 * Notification channels, and dispatching alerts to them from either process (a channel test is sent from
 * the API at once). Queued deliveries are sent by NotificationsWorkerModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationChannel, NotificationDelivery])],
  controllers: [NotificationChannelsController],
  providers: [
    NotificationChannelsService,
    NotificationsService,
    NotificationDeliveriesRepository,
    NotificationQueue,
    EmailSender,
    WebhookSender,
    WebhookTargets,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
