import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { SyncEngine } from './sync-engine';
import { SyncStateRepository } from './sync-state.repository';
import { SyncModule } from './sync.module';
import { SyncProcessor } from './sync.processor';
import { SYNC_QUEUE } from './sync.queue';

/** The worker side of syncing: the processor and the engine it runs. */
@Module({
  imports: [BullModule.registerQueue({ name: SYNC_QUEUE }), SyncModule],
  providers: [SyncProcessor, SyncEngine, SyncStateRepository],
})
export class SyncWorkerModule {}
