import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { SyncSettings } from '@syncline/contracts';
import { IsObject } from 'class-validator';
import { CurrentActor, RequireRole, type Actor } from '../auth/principal';
import { SettingsService } from './settings.service';

export class ConfigDto {
  /** Batch size, retry policy, failed-record retry delay, minimum interval, conflict strategy, verification, worker concurrency. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  sync: SyncSettings;
}

@ApiTags('config')
@Controller('config')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  get(): ConfigDto {
    return { sync: this.settings.sync() };
  }

  /** Replaces the global configuration; every API and worker process applies it within a moment, audited. */
  @RequireRole('admin')
  @Put()
  async put(@Body() dto: ConfigDto, @CurrentActor() actor: Actor): Promise<ConfigDto> {
    return { sync: await this.settings.updateSync(dto.sync, actor) };
  }
}
