import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SessionsModule } from '../sessions/sessions.module';
import { EventTail } from './event-tail';
import { LiveAccess } from './live-access.service';
import { LiveEventsController } from './live-events.controller';
import { LiveGateway } from './live.gateway';

/** Live updates for admins and external dashboards: Socket.IO at `/live` and Server-Sent Events. */
@Module({
  imports: [AuthModule, SessionsModule],
  controllers: [LiveEventsController],
  providers: [EventTail, LiveAccess, LiveGateway],
})
export class LiveModule {}
