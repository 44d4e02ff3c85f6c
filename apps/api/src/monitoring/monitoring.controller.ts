import { Controller, Delete, Get, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { DashboardView, IntegrationHealthView, MonitoringStatusView } from '@syncline/contracts';
import type { Response } from 'express';
import { CurrentActor, RequireRole, type RequestActor } from '../auth/principal';
import { UuidParam } from '../core/http/uuid-param';
import { DashboardCache } from './dashboard-cache';
import { DashboardService } from './dashboard.service';
import { IntegrationHealthService } from './integration-health.service';
import { MonitoringStatusService } from './monitoring-status.service';

@ApiTags('monitoring')
@Controller()
export class MonitoringController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly cache: DashboardCache,
    private readonly health: IntegrationHealthService,
    private readonly monitoring: MonitoringStatusService,
  ) {}

  /** Everything the overview shows; cached for a few seconds and refreshed as soon as something changes. */
  @Get('dashboard')
  @ApiHeader({ name: 'X-Cache', description: '`hit` or `miss`', required: false })
  async get(
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DashboardView> {
    const { view, cached } = await this.dashboard.get(actor);
    response.setHeader('X-Cache', cached ? 'hit' : 'miss');
    return view;
  }

  /** Drops the cached dashboards. */
  @RequireRole('admin')
  @Delete('cache')
  async clear(): Promise<{ cleared: number }> {
    return { cleared: await this.cache.clear() };
  }

  /** Whether monitoring itself works: rollups, scheduled alert checks, deliveries, live events, processes. */
  @Get('monitoring/status')
  status(): Promise<MonitoringStatusView> {
    return this.monitoring.status();
  }

  /** Both sides checked now, recent syncs and uptime, open alerts: healthy, degraded or down, with reasons. */
  @Get('integrations/:id/health')
  integrationHealth(@UuidParam() id: string, @CurrentActor() actor: RequestActor): Promise<IntegrationHealthView> {
    return this.health.check(id, actor);
  }
}
