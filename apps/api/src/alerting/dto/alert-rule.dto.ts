import {
  ALERT_SEVERITIES,
  ALERT_TYPES,
  type AlertRuleInput,
  type AlertSeverity,
  type AlertType,
  type EscalationPolicy,
} from '@syncline/contracts';
import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class EscalationPolicyDto implements EscalationPolicy {
  /** Null: the severity's default (critical 15, error 60, others never); 0: never. */
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(10_080)
  afterMinutes: number | null;

  /** Empty: the rule's own channels. */
  @IsUUID('all', { each: true })
  @ArrayMaxSize(20)
  channelIds: string[];
}

export class CreateAlertRuleDto implements AlertRuleInput {
  @IsString()
  @Length(1, 100)
  name: string;

  @IsIn(ALERT_TYPES)
  type: AlertType;

  /** Absent or null: every integration. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  integrationId?: string | null;

  /** Absent or null: every entity type. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be an entity type' })
  entityType?: string | null;

  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverity;

  /** Thresholds of the type (see ALERT_TYPE_SPECS); missing ones take their default. */
  @IsOptional()
  @IsObject()
  params?: Record<string, number>;

  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(20)
  channelIds?: string[];

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1440)
  suppressionMinutes?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => EscalationPolicyDto)
  escalation?: EscalationPolicyDto;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateAlertRuleDto extends PartialType(CreateAlertRuleDto) {}

export class AlertRuleQueryDto {
  /** Only this integration's rules (and the global ones). */
  @IsOptional()
  @IsUUID()
  integrationId?: string;
}
