import { Injectable } from '@nestjs/common';
import { INTERVAL_MS, SERIES_METRICS, type MetricSeriesView, type SeriesMetric } from '@syncline/contracts';
import type { Principal } from '../auth/principal';
import { ApiException } from '../core/errors/api-exception';
import type { MetricSeriesQueryDto } from './dto/metric-series-query.dto';
import { MetricRollupsRepository } from './metric-rollups.repository';
import { seriesWindow, toPoints } from './metric-series';

const DEFAULT_SPAN_MS = { minute: 12 * INTERVAL_MS.hour, hour: INTERVAL_MS.day, day: 30 * INTERVAL_MS.day };

/** Metric time series read from the rollups, limited to what the caller may see. */
@Injectable()
export class MetricSeriesService {
  constructor(private readonly rollups: MetricRollupsRepository) {}

  async series(metric: string, query: MetricSeriesQueryDto, principal: Principal): Promise<MetricSeriesView> {
    if (!(SERIES_METRICS as readonly string[]).includes(metric)) {
      throw ApiException.invalidField('metric', `must be one of ${SERIES_METRICS.join(', ')}`);
    }
    const asked = query.interval ?? 'hour';
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_SPAN_MS[asked]);
    if (from >= to) throw ApiException.invalidField('from', 'must be before to');
    const window = seriesWindow(asked, from, to);
    if (!window) throw ApiException.invalidField('from', 'is too far before to: at most 1,000 days');
    const rows = await this.rollups.read({
      metric: metric as SeriesMetric,
      resolution: window.interval,
      from: window.from,
      to: window.to,
      integrationIds: scope(query.integrationId, principal),
      entityType: query.entityType,
      dimensions: query.dimension?.split(','),
    });
    const dimensions = [...new Set(rows.map((row) => row.dimension))];
    return {
      metric: metric as SeriesMetric,
      interval: window.interval,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      integrationId: query.integrationId ?? null,
      entityType: query.entityType ?? null,
      series: dimensions.map((dimension) => ({
        dimension,
        points: toPoints(
          window,
          rows.filter((row) => row.dimension === dimension),
        ),
      })),
    };
  }
}

/** The integrations a query covers: the one asked for (if the caller may see it), or all the caller may see. */
export function scope(integrationId: string | undefined, principal: Principal): string[] | null {
  if (integrationId) {
    if (principal.integrationIds && !principal.integrationIds.includes(integrationId)) {
      throw new ApiException('forbidden', `This API key is not allowed to use integration ${integrationId}`);
    }
    return [integrationId];
  }
  return principal.integrationIds;
}
