import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { SyncModule } from '../sync/sync.module';
import { ErrorsController } from './errors.controller';
import { ErrorsService } from './errors.service';
import { SyncErrorsRepository } from './sync-errors.repository';

/** The errors of every session, as operators triage them: list, summary by urgency, retry, resolve, ignore. */
@Module({
  imports: [SyncModule, MetricsModule],
  controllers: [ErrorsController],
  providers: [ErrorsService, SyncErrorsRepository],
})
export class ErrorsModule {}
