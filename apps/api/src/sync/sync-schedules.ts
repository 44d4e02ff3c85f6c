import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import type { DomainEvents } from '@syncline/contracts';
import type { Repository } from 'typeorm';
import { Integration } from '../integrations/entities/integration.entity';
import { SyncProducer } from './sync-producer';
import { scheduleId, SYNC_JOBS } from './sync.queue';

/**
 * One BullMQ job scheduler per scheduled integration entity: Redis holds the schedule, so each run is
 * queued once however many processes there are. Kept in step with the integrations whenever one changes.
 */
@Injectable()
export class SyncSchedules {
  private readonly logger = new Logger(SyncSchedules.name);

  constructor(
    private readonly producer: SyncProducer,
    @InjectRepository(Integration) private readonly integrations: Repository<Integration>,
  ) {}

  @OnEvent('integration.changed')
  async onIntegrationChanged({ integrationId }: DomainEvents['integration.changed']): Promise<void> {
    await this.reconcile(integrationId).catch((error: Error) =>
      this.logger.warn(`Schedules of ${integrationId} not updated: ${error.message}`),
    );
  }

  /** Makes the schedulers match the integrations (one integration, or all of them). */
  async reconcile(integrationId?: string): Promise<void> {
    const integrations = await this.integrations.findBy(integrationId ? { id: integrationId } : {});
    const wanted = new Map<string, { pattern: string; integrationId: string; entityType: string }>();
    for (const integration of integrations) {
      if (integration.status !== 'active' || !integration.schedule) continue;
      for (const entity of integration.entities) {
        const id = scheduleId(integration.id, entity.entityType);
        wanted.set(id, { pattern: integration.schedule, integrationId: integration.id, entityType: entity.entityType });
      }
    }
    const prefix = integrationId ? scheduleId(integrationId, '') : scheduleId('', '').slice(0, -2);
    for (const scheduler of await this.producer.queue.getJobSchedulers()) {
      if (scheduler.key.startsWith(prefix) && !wanted.has(scheduler.key))
        await this.producer.queue.removeJobScheduler(scheduler.key);
    }
    for (const [id, { pattern, ...data }] of wanted) {
      await this.producer.queue.upsertJobScheduler(id, { pattern, tz: 'UTC' }, { name: SYNC_JOBS.scheduled, data });
    }
  }
}
