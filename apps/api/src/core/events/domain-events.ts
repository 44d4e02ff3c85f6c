import { Global, Injectable, Module } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import type { DomainEventName, DomainEvents } from '@syncline/contracts';

/**
 * Publishes domain events (typed by the one map in libs/contracts) to listeners in this process;
 * live updates, alerting and metrics subscribe here. Publish after the change is committed.
 */
@Injectable()
export class DomainEventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }
}

@Global()
@Module({
  imports: [EventEmitterModule.forRoot()],
  providers: [DomainEventBus],
  exports: [DomainEventBus],
})
export class DomainEventsModule {}
