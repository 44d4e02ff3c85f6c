import { METRIC_INTERVALS, type MetricInterval, type MetricSeriesQuery } from '@syncline/contracts';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

export class MetricSeriesQueryDto implements MetricSeriesQuery {
  @IsOptional()
  @IsUUID()
  integrationId?: string;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be an entity type' })
  entityType?: string;

  /** Defaults to `hour`; made coarser when the range would need more than 1,000 points. */
  @IsOptional()
  @IsIn(METRIC_INTERVALS)
  interval?: MetricInterval;

  /** Defaults to 12 hours before `to` for `minute`, 24 hours for `hour`, 30 days for `day`. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Defaults to now. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** Only these dimensions (comma-separated statuses, stages or categories). */
  @IsOptional()
  @Matches(/^[a-z_]{1,40}(,[a-z_]{1,40}){0,19}$/, { message: 'must be a comma-separated list of dimensions' })
  dimension?: string;
}
