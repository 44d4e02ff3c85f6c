import { Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricRollupsRepository } from './metric-rollups.repository';
import { MetricSeriesController } from './metric-series.controller';
import { MetricSeriesService } from './metric-series.service';
import { MetricsController } from './metrics.controller';
import { SynclineMetrics } from './syncline-metrics';

/** One Prometheus registry per app instance (not prom-client's global one), so test apps in one process do not collide. */
@Module({
  controllers: [MetricsController, MetricSeriesController],
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    MetricRollupsRepository,
    MetricSeriesService,
    SynclineMetrics,
  ],
  exports: [Registry, MetricRollupsRepository],
})
export class MetricsModule {}
