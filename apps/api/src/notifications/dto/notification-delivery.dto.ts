import { ApiProperty } from '@nestjs/swagger';
import {
  DELIVERY_STATUSES,
  NOTIFICATION_KINDS,
  type DeliveryStatus,
  type NotificationDeliveryView,
  type NotificationKind,
  type Page,
} from '@syncline/contracts';
import type { NotificationDelivery } from '../entities/notification-delivery.entity';

export class NotificationDeliveryResponse implements NotificationDeliveryView {
  id: string;
  channelId: string;
  alertId: string | null;
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind: NotificationKind;
  /** `rate_limited`: not sent, the channel's limit for the alert type was reached. */
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;
  attempts: number;
  /** Why the last attempt failed (status, network error, refused target). */
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;

  static from(delivery: NotificationDelivery): NotificationDeliveryResponse {
    return {
      id: delivery.id,
      channelId: delivery.channelId,
      alertId: delivery.alertId,
      kind: delivery.kind,
      status: delivery.status,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      createdAt: delivery.createdAt.toISOString(),
      sentAt: delivery.sentAt?.toISOString() ?? null,
    };
  }
}

export class NotificationDeliveryPage implements Page<NotificationDeliveryView> {
  items: NotificationDeliveryResponse[];
  nextCursor: string | null;
}
