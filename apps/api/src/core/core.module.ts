import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from './clock/clock';
import { AppConfigModule } from './config/config.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { DomainEventsModule } from './events/domain-events';
import { LoggingModule } from './logging/logging.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';

/** What both processes (API and worker) stand on. */
@Module({
  imports: [
    AppConfigModule,
    ClockModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
    CryptoModule,
    DomainEventsModule,
    AuditModule,
  ],
})
export class CoreModule {}
