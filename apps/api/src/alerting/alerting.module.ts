import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Integration } from '../integrations/entities/integration.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { SyncModule } from '../sync/sync.module';
import { AlertEvaluator } from './alert-evaluator';
import { AlertFactsRepository } from './alert-facts.repository';
import { AlertRulesController } from './alert-rules.controller';
import { AlertRulesService } from './alert-rules.service';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { Alert } from './entities/alert.entity';
import { AlertRule } from './entities/alert-rule.entity';

/** Alert rules, alerts and their lifecycle, and the checks that run on the events of this process. */
@Module({
  imports: [TypeOrmModule.forFeature([AlertRule, Alert, Integration]), NotificationsModule, SyncModule],
  controllers: [AlertsController, AlertRulesController],
  providers: [AlertRulesService, AlertsService, AlertFactsRepository, AlertEvaluator],
  exports: [AlertsService, AlertEvaluator, AlertRulesService],
})
export class AlertingModule {}
