import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { IntegrationHealthView } from '@syncline/contracts';
import { CurrentActor, type RequestActor } from '../auth/principal';
import { IntegrationHealthService } from './integration-health.service';

/** The health check by integration key, at the path integrations already probe (outside /api/v1). */
@ApiTags('monitoring')
@Controller('api/admin/integrations')
export class AdminHealthController {
  constructor(private readonly health: IntegrationHealthService) {}

  @Get(':key/health')
  byKey(@Param('key') key: string, @CurrentActor() actor: RequestActor): Promise<IntegrationHealthView> {
    return this.health.byKey(key, actor);
  }
}
