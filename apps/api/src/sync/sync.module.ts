import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Integration } from '../integrations/entities/integration.entity';
import { IntegrationsModule } from '../integrations/integrations.module';
import { SyncSession } from '../sessions/entities/sync-session.entity';
import { SessionsModule } from '../sessions/sessions.module';
import { SettingsModule } from '../settings/settings.module';
import { MappingPreviewService } from './mapping-preview.service';
import { SyncProducer } from './sync-producer';
import { SyncSchedules } from './sync-schedules';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';

/** Triggering, cancelling, retrying and watching syncs; schedules. The runs themselves are in SyncWorkerModule. */
@Module({
  imports: [TypeOrmModule.forFeature([SyncSession, Integration]), SessionsModule, IntegrationsModule, SettingsModule],
  controllers: [SyncController],
  providers: [SyncService, SyncSchedules, MappingPreviewService, SyncProducer],
  exports: [SyncService, SyncSchedules, TypeOrmModule, SessionsModule, IntegrationsModule, SettingsModule],
})
export class SyncModule {}
