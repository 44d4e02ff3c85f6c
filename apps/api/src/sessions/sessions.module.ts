import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Integration } from '../integrations/entities/integration.entity';
import { SettingsModule } from '../settings/settings.module';
import { MetricSample } from './entities/metric-sample.entity';
import { SyncError } from './entities/sync-error.entity';
import { SyncSession } from './entities/sync-session.entity';
import { RecordLogsRepository } from './record-logs.repository';
import { RetentionService } from './retention.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Sync sessions and everything reported about them: record logs, errors, metric samples. */
@Module({
  imports: [TypeOrmModule.forFeature([SyncSession, SyncError, MetricSample, Integration]), SettingsModule],
  controllers: [SessionsController],
  providers: [SessionsService, RecordLogsRepository, RetentionService],
  exports: [SessionsService, RecordLogsRepository, RetentionService],
})
export class SessionsModule {}
