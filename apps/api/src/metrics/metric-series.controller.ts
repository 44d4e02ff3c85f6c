import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { SERIES_METRICS, type MetricSeriesView } from '@syncline/contracts';
import { CurrentActor, type RequestActor } from '../auth/principal';
import { MetricSeriesQueryDto } from './dto/metric-series-query.dto';
import { MetricSeriesService } from './metric-series.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricSeriesController {
  constructor(private readonly series: MetricSeriesService) {}

  /** A metric's time series at minute, hour or day resolution (at most 1,000 points), one per dimension. */
  @Get(':metric')
  @ApiParam({ name: 'metric', enum: SERIES_METRICS })
  get(
    @Param('metric') metric: string,
    @Query() query: MetricSeriesQueryDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<MetricSeriesView> {
    return this.series.series(metric, query, actor);
  }
}
