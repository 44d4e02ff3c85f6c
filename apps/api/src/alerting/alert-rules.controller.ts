import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AlertRuleView } from '@syncline/contracts';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { UuidParam } from '../core/http/uuid-param';
import { AlertRulesService } from './alert-rules.service';
import { AlertRuleQueryDto, CreateAlertRuleDto, UpdateAlertRuleDto } from './dto/alert-rule.dto';

@ApiTags('alerts')
@Controller('alert-rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get()
  @ApiQuery({ name: 'integrationId', required: false })
  list(@Query() query: AlertRuleQueryDto, @CurrentActor() actor: RequestActor): Promise<AlertRuleView[]> {
    return this.rules.list(actor, query.integrationId);
  }

  @Get(':id')
  get(@UuidParam() id: string): Promise<AlertRuleView> {
    return this.rules.get(id);
  }

  @RequireRole('admin')
  @Post()
  create(@Body() dto: CreateAlertRuleDto, @CurrentActor() actor: RequestActor): Promise<AlertRuleView> {
    return this.rules.create(dto, actor);
  }

  @RequireRole('admin')
  @Patch(':id')
  update(
    @UuidParam() id: string,
    @Body() dto: UpdateAlertRuleDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<AlertRuleView> {
    return this.rules.update(id, dto, actor);
  }

  /** Built-in rules cannot be deleted (409): disable them instead. */
  @RequireRole('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<void> {
    return this.rules.remove(id, actor);
  }
}
