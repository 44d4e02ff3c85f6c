import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { PageQueryDto } from '../core/http/page-query.dto';
import { UuidParam } from '../core/http/uuid-param';
import {
  CreatedNotificationChannelResponse,
  CreateNotificationChannelDto,
  NotificationChannelResponse,
  UpdateNotificationChannelDto,
} from './dto/notification-channel.dto';
import { NotificationDeliveryPage, NotificationDeliveryResponse } from './dto/notification-delivery.dto';
import { NotificationChannelsService } from './notification-channels.service';

@ApiTags('notification-channels')
@Controller('notification-channels')
export class NotificationChannelsController {
  constructor(private readonly channels: NotificationChannelsService) {}

  /**
   * Channels by name; a webhook's signing secret is never listed, only whether it has one, and its URL
   * is shown whole to admins only.
   */
  @Get()
  list(@CurrentActor() actor: RequestActor): Promise<NotificationChannelResponse[]> {
    return this.channels.list(actor);
  }

  @Get(':id')
  get(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<NotificationChannelResponse> {
    return this.channels.get(id, actor);
  }

  /** Webhook URLs must be public unless WEBHOOK_ALLOWED_HOSTS allows them; a webhook's secret is returned once. */
  @RequireRole('admin')
  @Post()
  create(
    @Body() dto: CreateNotificationChannelDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<CreatedNotificationChannelResponse> {
    return this.channels.create(dto, actor);
  }

  @RequireRole('admin')
  @Patch(':id')
  update(
    @UuidParam() id: string,
    @Body() dto: UpdateNotificationChannelDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<NotificationChannelResponse> {
    return this.channels.update(id, dto, actor);
  }

  /** Deletes the channel and its delivery records. */
  @RequireRole('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<void> {
    return this.channels.remove(id, actor);
  }

  /** Webhooks: replaces the signing secret and returns the new one, this once. */
  @RequireRole('admin')
  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotateSecret(
    @UuidParam() id: string,
    @CurrentActor() actor: RequestActor,
  ): Promise<CreatedNotificationChannelResponse> {
    return this.channels.rotateSecret(id, actor);
  }

  /** Sends a test notification now (one attempt, no retry) and answers with its delivery: `sent`, or `failed` and why. */
  @RequireRole('operator')
  @Post(':id/test')
  @HttpCode(200)
  test(@UuidParam() id: string): Promise<NotificationDeliveryResponse> {
    return this.channels.test(id);
  }

  /** The channel's deliveries and their attempts, newest first. */
  @Get(':id/deliveries')
  deliveries(@UuidParam() id: string, @Query() query: PageQueryDto): Promise<NotificationDeliveryPage> {
    return this.channels.deliveriesOf(id, query);
  }
}
