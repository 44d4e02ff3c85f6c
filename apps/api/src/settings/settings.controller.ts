import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  RETENTION_DAYS_LIMITS,
  type ConfigView,
  type RetentionSettings,
  type SyncSettings,
  type UpdateConfigRequest,
} from '@syncline/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { SettingsService } from './settings.service';

export class RetentionDto implements RetentionSettings {
  /** Record logs, errors, metric samples and finished deliveries older than this are dropped (daily, worker). */
  @IsInt()
  @Min(RETENTION_DAYS_LIMITS.min)
  @Max(RETENTION_DAYS_LIMITS.max)
  days: number;
}

export class ConfigDto implements ConfigView {
  /** Batch size, retry policy, failed-record retry delay, minimum interval, conflict strategy, verification, worker concurrency. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  sync: SyncSettings;

  retention: RetentionDto;
}

export class UpdateConfigDto implements UpdateConfigRequest {
  /** The whole sync configuration; checked against its JSON Schema. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  sync?: SyncSettings;

  @IsOptional()
  @ValidateNested()
  @Type(() => RetentionDto)
  retention?: RetentionDto;
}

@ApiTags('config')
@Controller('config')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  get(): ConfigDto {
    return this.settings.view();
  }

  /** Replaces the parts given (sync settings, retention); every API and worker process applies them within a moment, audited. */
  @RequireRole('admin')
  @Put()
  put(@Body() dto: UpdateConfigDto, @CurrentActor() actor: RequestActor): Promise<ConfigDto> {
    return this.settings.update(dto, actor);
  }
}
