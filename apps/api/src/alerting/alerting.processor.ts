import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AlertEvaluator } from './alert-evaluator';
import { ALERTING_QUEUE, EVALUATE_EVERY_MS, EVALUATE_JOB } from './alerting.queue';

/** Runs the time-based alert checks every minute; the job scheduler lives in Redis, so one process runs each tick. */
@Processor(ALERTING_QUEUE)
export class AlertingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertingProcessor.name);

  constructor(
    @InjectQueue(ALERTING_QUEUE) private readonly queue: Queue,
    private readonly evaluator: AlertEvaluator,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.on('error', (error) => this.onError(error));
    await this.queue.upsertJobScheduler(EVALUATE_JOB, { every: EVALUATE_EVERY_MS }, { name: EVALUATE_JOB });
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`Alerting worker: ${error.message}`);
  }

  async process(): Promise<void> {
    await this.evaluator.tick();
  }
}
