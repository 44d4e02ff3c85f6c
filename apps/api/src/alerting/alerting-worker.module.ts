import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AlertingModule } from './alerting.module';
import { AlertingProcessor } from './alerting.processor';
import { ALERTING_QUEUE } from './alerting.queue';

/** The worker side of alerting: the scheduled checks. */
@Module({
  imports: [BullModule.registerQueue({ name: ALERTING_QUEUE }), AlertingModule],
  providers: [AlertingProcessor],
})
export class AlertingWorkerModule {}
