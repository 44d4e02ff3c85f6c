import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AlertView, NotificationDeliveryView, NotificationKind } from '@syncline/contracts';
import { In, type Repository } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { SecretBox } from '../core/crypto/secret-box';
import { emailMessage, slackMessage } from './alert-message';
import { DeliveryError } from './delivery-error';
import { NotificationDeliveryResponse } from './dto/notification-delivery.dto';
import { EmailSender } from './email.sender';
import { NotificationChannel } from './entities/notification-channel.entity';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationDeliveriesRepository } from './notification-deliveries.repository';
import { NotificationQueue } from './notification-queue';
import { WebhookSender } from './webhook.sender';

/** The outcome of one attempt: the delivery as recorded (null when it is gone), and why it failed. */
export interface AttemptResult {
  delivery: NotificationDelivery | null;
  error: DeliveryError | null;
}

/**
 * Notifies channels of alerts. Every delivery is stored in PostgreSQL before it is queued, sent by the
 * worker with retries, and each attempt is recorded on it.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectRepository(NotificationChannel) private readonly channels: Repository<NotificationChannel>,
    private readonly deliveries: NotificationDeliveriesRepository,
    private readonly queue: NotificationQueue,
    private readonly email: EmailSender,
    private readonly webhook: WebhookSender,
    private readonly secretBox: SecretBox,
    private readonly config: AppConfig,
  ) {}

  /**
   * Notifies the enabled channels among `channelIds` (unknown and disabled ones are skipped) and returns
   * their deliveries. Email and webhook deliveries are queued `pending`; in-app and live ones are `sent`
   * at once, as the alert itself is what the app lists and streams; a `fired` email over the channel's
   * hourly limit for the alert type is stored `rate_limited` and not sent. Dispatching the same
   * notification again (same alert snapshot, kind and channels) returns the same deliveries and sends
   * nothing twice. When Redis is down the deliveries stay pending and are queued by the worker's sweep.
   */
  async dispatch(alert: AlertView, kind: NotificationKind, channelIds: string[]): Promise<NotificationDeliveryView[]> {
    if (channelIds.length === 0) return [];
    const channels = await this.channels.findBy({ id: In([...new Set(channelIds)]), enabled: true });
    const deliveries: NotificationDelivery[] = [];
    for (const channel of channels) {
      const delivery = await this.record(channel, alert, kind, deliveryId(channel.id, alert, kind));
      if (delivery.status === 'pending') await this.enqueue(delivery.id);
      deliveries.push(delivery);
    }
    return deliveries.map(NotificationDeliveryResponse.from);
  }

  /** A test notification through one channel, whether enabled or not: one attempt now, no retry. */
  async sendTest(channel: NotificationChannel): Promise<NotificationDeliveryResponse> {
    const recorded = await this.record(channel, testAlert(channel.name), 'test', randomUUID());
    if (recorded.status !== 'pending') return NotificationDeliveryResponse.from(recorded);
    const { delivery } = await this.attempt(recorded.id, true);
    return NotificationDeliveryResponse.from(delivery ?? recorded);
  }

  /**
   * Sends a pending delivery once and records the attempt. A failure is final on the last attempt or when
   * no retry can help (the caller then stops retrying); otherwise the delivery stays pending.
   */
  async attempt(id: string, lastAttempt: boolean): Promise<AttemptResult> {
    const delivery = await this.deliveries.findById(id);
    if (!delivery?.channel || delivery.status !== 'pending') return { delivery, error: null };
    try {
      await this.send(delivery.channel, delivery);
      return { delivery: await this.deliveries.recordAttempt(id, 'sent', null), error: null };
    } catch (caught) {
      const error =
        caught instanceof DeliveryError
          ? caught
          : new DeliveryError(caught instanceof Error ? caught.message : String(caught), true);
      const status = lastAttempt || !error.retryable ? 'failed' : 'pending';
      return { delivery: await this.deliveries.recordAttempt(id, status, error.message), error };
    }
  }

  /** Queues again the pending deliveries Redis has no live job for (lost in an outage or never queued). */
  async requeueLost(): Promise<number> {
    let requeued = 0;
    for (const id of await this.deliveries.pendingIds()) {
      if (await this.queue.requeue(id)) requeued++;
    }
    if (requeued > 0) this.logger.warn(`Re-queued ${requeued} notification deliveries that Redis had lost`);
    return requeued;
  }

  private record(
    channel: NotificationChannel,
    alert: AlertView,
    kind: NotificationKind,
    id: string,
  ): Promise<NotificationDelivery> {
    const immediate = channel.type === 'in_app' || channel.type === 'live';
    const now = new Date();
    const delivery = Object.assign(new NotificationDelivery(), {
      id,
      channelId: channel.id,
      alertId: kind === 'test' ? null : alert.id,
      alertType: kind === 'test' ? null : alert.type,
      kind,
      status: immediate ? 'sent' : 'pending',
      attempts: immediate ? 1 : 0,
      lastError: null,
      payload: alert,
      createdAt: now,
      sentAt: immediate ? now : null,
    });
    const limited = channel.type === 'email' && kind === 'fired';
    return this.deliveries.record(delivery, limited ? this.config.EMAIL_ALERTS_PER_TYPE_PER_HOUR : null);
  }

  private async enqueue(id: string): Promise<void> {
    await this.queue
      .deliver(id)
      .catch((error: Error) => this.logger.warn(`Delivery ${id} not queued yet (${error.message}); the sweep will`));
  }

  private async send(channel: NotificationChannel, delivery: NotificationDelivery): Promise<void> {
    if (!channel.enabled && delivery.kind !== 'test') {
      throw new DeliveryError('the channel was disabled before this notification was sent', false);
    }
    const { payload: alert, kind } = delivery;
    const { config } = channel;
    switch (config.type) {
      case 'email':
        return this.email.send(config.to, emailMessage(alert, kind, this.config.APP_URL));
      case 'webhook': {
        const body =
          config.format === 'slack' ? slackMessage(alert, kind, this.config.APP_URL) : { type: `alert.${kind}`, alert };
        return this.webhook.send(config.url, this.signingSecret(channel), delivery.id, JSON.stringify(body));
      }
      case 'in_app':
      case 'live':
        return;
    }
  }

  private signingSecret(channel: NotificationChannel): string {
    if (!channel.secretCiphertext || channel.secretKeyVersion === null) {
      throw new DeliveryError('the webhook has no signing secret: rotate it to set one', false);
    }
    return this.secretBox.open(
      { ciphertext: channel.secretCiphertext, keyVersion: channel.secretKeyVersion },
      channel.id,
    );
  }
}

/**
 * The same notification of an alert through a channel always gets the same id (a name-based UUID), so
 * a dispatch that runs again finds the deliveries it stored and its jobs are not queued twice. What
 * makes a notification new is the moment it is about: a repeat firing, the escalation, the resolution.
 */
function deliveryId(channelId: string, alert: AlertView, kind: NotificationKind): string {
  const moment =
    (kind === 'escalated' && alert.escalatedAt) || (kind === 'resolved' && alert.resolvedAt) || alert.lastSeenAt;
  const hex = createHash('sha256').update(`${channelId}|${alert.id}|${kind}|${moment}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What a test sends: an alert-shaped message that names the channel and asks for nothing. */
export function testAlert(channelName: string): AlertView {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    ruleId: null,
    type: 'sync_failure',
    severity: 'info',
    status: 'firing',
    fingerprint: 'test',
    integrationId: null,
    integrationKey: null,
    entityType: null,
    sessionId: null,
    title: `Test notification for ${channelName}`,
    message: 'Syncline can reach this channel. Nothing needs doing.',
    details: {},
    count: 1,
    firstSeenAt: now,
    lastSeenAt: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    suppressedUntil: null,
    escalatedAt: null,
    notificationSkipped: null,
  };
}
