import { ApiExtraModels, ApiProperty, getSchemaPath, PartialType } from '@nestjs/swagger';
import {
  NOTIFICATION_CHANNEL_TYPES,
  type CreatedNotificationChannel,
  type NotificationChannelConfig,
  type NotificationChannelInput,
  type NotificationChannelType,
  type NotificationChannelView,
} from '@syncline/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { NotificationChannel } from '../entities/notification-channel.entity';

/** The discriminator; a config with an unknown `type` is validated as this base and rejected. */
export class ChannelConfigDto {
  @IsIn(NOTIFICATION_CHANNEL_TYPES)
  type: NotificationChannelType;
}

export class EmailChannelConfigDto extends ChannelConfigDto {
  declare type: 'email';

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEmail({}, { each: true, message: 'each recipient must be an email address' })
  to: string[];
}

export class WebhookChannelConfigDto extends ChannelConfigDto {
  declare type: 'webhook';

  /** http(s) only; private, loopback and link-local targets are refused unless WEBHOOK_ALLOWED_HOSTS allows them. */
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url: string;

  /** `json`: `{type, alert}`; `slack`: a Slack-compatible `{text, blocks}` message. */
  @IsIn(['json', 'slack'])
  format: 'json' | 'slack';
}

export class InAppChannelConfigDto extends ChannelConfigDto {
  declare type: 'in_app';
}

export class LiveChannelConfigDto extends ChannelConfigDto {
  declare type: 'live';
}

const CONFIG_TYPES = [
  { value: EmailChannelConfigDto, name: 'email' },
  { value: WebhookChannelConfigDto, name: 'webhook' },
  { value: InAppChannelConfigDto, name: 'in_app' },
  { value: LiveChannelConfigDto, name: 'live' },
];

@ApiExtraModels(...CONFIG_TYPES.map((subType) => subType.value))
export class CreateNotificationChannelDto implements NotificationChannelInput {
  @IsString()
  @Length(1, 100)
  name: string;

  /** What kind of channel and where it sends, chosen by `type`. */
  @ApiProperty({
    oneOf: CONFIG_TYPES.map((subType) => ({ $ref: getSchemaPath(subType.value) })),
    discriminator: { propertyName: 'type' },
  })
  @IsObject({ message: 'must be an object with a channel type' })
  @ValidateNested()
  @Type(() => ChannelConfigDto, {
    keepDiscriminatorProperty: true,
    discriminator: { property: 'type', subTypes: CONFIG_TYPES },
  })
  config: NotificationChannelConfig;

  /** Disabled channels are skipped when alerts are notified. Default true. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** The type of a channel cannot change (its secret and deliveries belong to it): create another channel. */
export class UpdateNotificationChannelDto extends PartialType(CreateNotificationChannelDto) {}

export class NotificationChannelResponse implements NotificationChannelView {
  id: string;
  name: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNEL_TYPES })
  type: NotificationChannelType;
  @ApiProperty({ oneOf: CONFIG_TYPES.map((subType) => ({ $ref: getSchemaPath(subType.value) })) })
  config: NotificationChannelConfig;
  enabled: boolean;
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;

  /**
   * A webhook URL often is a credential itself (Slack's, for one): only those who may edit a channel
   * see it whole; others see where it goes, its origin.
   */
  static from(channel: NotificationChannel, fullTargets = true): NotificationChannelResponse {
    const config = channel.config;
    return {
      id: channel.id,
      name: channel.name,
      type: channel.type,
      config:
        config.type === 'webhook' && !fullTargets ? { ...config, url: `${new URL(config.url).origin}/…` } : config,
      enabled: channel.enabled,
      hasSecret: channel.secretCiphertext !== null,
      createdAt: channel.createdAt.toISOString(),
      updatedAt: channel.updatedAt.toISOString(),
    };
  }
}

export class CreatedNotificationChannelResponse
  extends NotificationChannelResponse
  implements CreatedNotificationChannel
{
  /** Webhooks: the signing secret (`whsec_…`), shown this once; null for other types. */
  @ApiProperty({ type: String, nullable: true })
  secret: string | null;
}
