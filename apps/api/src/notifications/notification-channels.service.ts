import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { NotificationChannelConfig } from '@syncline/contracts';
import { DataSource, QueryFailedError, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, Principal } from '../auth/principal';
import { SecretBox } from '../core/crypto/secret-box';
import { ApiException } from '../core/errors/api-exception';
import type { PageQueryDto } from '../core/http/page-query.dto';
import { DeliveryError } from './delivery-error';
import {
  CreatedNotificationChannelResponse,
  CreateNotificationChannelDto,
  NotificationChannelResponse,
  UpdateNotificationChannelDto,
} from './dto/notification-channel.dto';
import type { NotificationDeliveryPage, NotificationDeliveryResponse } from './dto/notification-delivery.dto';
import { NotificationChannel } from './entities/notification-channel.entity';
import { NotificationDeliveriesRepository } from './notification-deliveries.repository';
import { NotificationsService } from './notifications.service';
import { generateSigningSecret } from './webhook.sender';
import { WebhookTargets } from './webhook-targets';

const UNIQUE_VIOLATION = '23505';

/** Managing channels. Signing secrets are sealed at rest and shown once; the audit trail never holds them. */
@Injectable()
export class NotificationChannelsService {
  constructor(
    @InjectRepository(NotificationChannel) private readonly channels: Repository<NotificationChannel>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: NotificationDeliveriesRepository,
    private readonly notifications: NotificationsService,
    private readonly targets: WebhookTargets,
    private readonly secretBox: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async list(reader: Principal): Promise<NotificationChannelResponse[]> {
    const channels = await this.channels.find({ order: { name: 'ASC' } });
    return channels.map((channel) => NotificationChannelResponse.from(channel, reader.role === 'admin'));
  }

  async get(id: string, reader: Principal): Promise<NotificationChannelResponse> {
    return NotificationChannelResponse.from(await this.find(id), reader.role === 'admin');
  }

  /** Webhooks get a signing secret, returned in this response only. */
  async create(dto: CreateNotificationChannelDto, actor: Actor): Promise<CreatedNotificationChannelResponse> {
    await this.checkTarget(dto.config);
    const channel = this.channels.create({
      id: randomUUID(),
      name: dto.name,
      type: dto.config.type,
      config: dto.config,
      enabled: dto.enabled ?? true,
    });
    const secret = channel.type === 'webhook' ? this.sealSecret(channel) : null;
    const saved = await this.saveAudited(channel, actor, 'notification_channel.created', { type: channel.type });
    return { ...saved, secret };
  }

  async update(id: string, dto: UpdateNotificationChannelDto, actor: Actor): Promise<NotificationChannelResponse> {
    const channel = await this.find(id);
    if (dto.config) {
      if (dto.config.type !== channel.type) {
        throw ApiException.invalidField('config.type', `cannot change from ${channel.type}: create another channel`);
      }
      await this.checkTarget(dto.config);
    }
    Object.assign(channel, dto);
    return this.saveAudited(channel, actor, 'notification_channel.updated', { changed: Object.keys(dto) });
  }

  async remove(id: string, actor: Actor): Promise<void> {
    const channel = await this.find(id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(NotificationChannel, { id });
      const details = { name: channel.name, type: channel.type };
      const entry = {
        action: 'notification_channel.deleted',
        targetType: 'notification_channel',
        targetId: id,
        details,
      };
      await this.audit.record(actor, entry, manager);
    });
  }

  /** A new signing secret replaces the old one at once; receivers must switch to it. */
  async rotateSecret(id: string, actor: Actor): Promise<CreatedNotificationChannelResponse> {
    const channel = await this.find(id);
    if (channel.type !== 'webhook') {
      throw new ApiException('conflict', 'Only webhook channels have a signing secret', [
        { field: 'type', reason: `is ${channel.type}, not webhook` },
      ]);
    }
    const secret = this.sealSecret(channel);
    const saved = await this.saveAudited(channel, actor, 'notification_channel.secret_rotated', {});
    return { ...saved, secret };
  }

  async test(id: string): Promise<NotificationDeliveryResponse> {
    return this.notifications.sendTest(await this.find(id));
  }

  async deliveriesOf(id: string, query: PageQueryDto): Promise<NotificationDeliveryPage> {
    await this.find(id);
    return this.deliveries.page(id, query);
  }

  /** A webhook must not point into Syncline's own network; checked again before every send. */
  private async checkTarget(config: NotificationChannelConfig): Promise<void> {
    if (config.type !== 'webhook') return;
    await this.targets.resolve(config.url).catch((error: DeliveryError) => {
      throw ApiException.invalidField('config.url', error.message);
    });
  }

  private sealSecret(channel: NotificationChannel): string {
    const secret = generateSigningSecret();
    const sealed = this.secretBox.seal(secret, channel.id);
    channel.secretCiphertext = sealed.ciphertext;
    channel.secretKeyVersion = sealed.keyVersion;
    return secret;
  }

  private async saveAudited(
    channel: NotificationChannel,
    actor: Actor,
    action: string,
    details: Record<string, unknown>,
  ): Promise<NotificationChannelResponse> {
    try {
      const saved = await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(channel);
        const entry = {
          action,
          targetType: 'notification_channel',
          targetId: saved.id,
          details: { name: saved.name, ...details },
        };
        await this.audit.record(actor, entry, manager);
        return saved;
      });
      return NotificationChannelResponse.from(saved);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ApiException('conflict', `A notification channel named ${channel.name} already exists`, [
          { field: 'name', reason: 'is already taken' },
        ]);
      }
      throw error;
    }
  }

  private async find(id: string): Promise<NotificationChannel> {
    const channel = await this.channels.findOneBy({ id });
    if (!channel) throw ApiException.notFound('Notification channel', id);
    return channel;
  }
}
