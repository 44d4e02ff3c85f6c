import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AlertPage, AlertView } from '@syncline/contracts';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { ApiException } from '../core/errors/api-exception';
import { UuidParam } from '../core/http/uuid-param';
import { AlertsService } from './alerts.service';
import { AlertNoteDto, AlertQueryDto, SuppressAlertDto } from './dto/alert.dto';

const MAX_SUPPRESSION_MS = 30 * 86_400_000;

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** Open alerts (firing, acknowledged, suppressed), most severe first. */
  @Get()
  open(@Query() query: AlertQueryDto, @CurrentActor() actor: RequestActor): Promise<AlertPage> {
    return this.alerts.open(query, actor);
  }

  /** Every alert, resolved ones included, newest first, with cursor pagination. */
  @Get('history')
  history(@Query() query: AlertQueryDto, @CurrentActor() actor: RequestActor): Promise<AlertPage> {
    return this.alerts.history(query, actor);
  }

  @Get(':id')
  get(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<AlertView> {
    return this.alerts.get(id, actor);
  }

  /** Someone is on it: stops escalation. */
  @RequireRole('operator')
  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @UuidParam() id: string,
    @Body() body: AlertNoteDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<AlertView> {
    return this.alerts.acknowledge(id, actor, body.note);
  }

  @RequireRole('operator')
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @UuidParam() id: string,
    @Body() body: AlertNoteDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<AlertView> {
    return this.alerts.resolve(id, actor, body.note);
  }

  /** Quiet until a time (at most 30 days ahead); it fires again then if still open. */
  @RequireRole('operator')
  @Post(':id/suppress')
  @HttpCode(200)
  suppress(
    @UuidParam() id: string,
    @Body() body: SuppressAlertDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<AlertView> {
    const until = new Date(body.until);
    if (until.getTime() - Date.now() > MAX_SUPPRESSION_MS) {
      throw ApiException.invalidField('until', 'must be at most 30 days ahead');
    }
    return this.alerts.suppress(id, actor, until, body.note);
  }
}
