import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { UuidParam } from '../core/http/uuid-param';
import { ConnectionTestQueryDto, ConnectionTestResponse } from './dto/connection-test.dto';
import {
  CreateIntegrationDto,
  IntegrationPage,
  IntegrationQueryDto,
  IntegrationResponse,
  UpdateIntegrationDto,
} from './dto/integration.dto';
import { IntegrationsService } from './integrations.service';

@ApiTags('integrations')
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  /** Integrations ordered by key; an API key sees only those it is scoped to. */
  @Get()
  list(@Query() query: IntegrationQueryDto, @CurrentActor() actor: RequestActor): Promise<IntegrationPage> {
    return this.integrations.list(query, actor);
  }

  @Get(':id')
  get(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<IntegrationResponse> {
    return this.integrations.get(id, actor);
  }

  @RequireRole('admin')
  @Post()
  create(@Body() dto: CreateIntegrationDto, @CurrentActor() actor: RequestActor): Promise<IntegrationResponse> {
    return this.integrations.create(dto, actor);
  }

  @RequireRole('admin')
  @Patch(':id')
  update(
    @UuidParam() id: string,
    @Body() dto: UpdateIntegrationDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<IntegrationResponse> {
    return this.integrations.update(id, dto, actor);
  }

  /**
   * Whether both sides answer and accept the stored credentials, checked for the first entity type (or
   * `?entityType=`): reachable, authenticated, latency and what was found, per side.
   */
  @RequireRole('operator')
  @Post(':id/test-connection')
  @HttpCode(200)
  testConnection(
    @UuidParam() id: string,
    @Query() query: ConnectionTestQueryDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<ConnectionTestResponse> {
    return this.integrations.testConnection(id, query.entityType, actor);
  }

  @RequireRole('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<void> {
    return this.integrations.remove(id, actor);
  }
}
