import { Controller, Headers, type MessageEvent, Param, ParseUUIDPipe, Query, Sse } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HEARTBEAT_INTERVAL_MS, type LiveEvent, type LiveRoom } from '@syncline/contracts';
import { Observable } from 'rxjs';
import { CurrentActor, type Principal } from '../auth/principal';
import { ApiException } from '../core/errors/api-exception';
import { EventTail } from './event-tail';
import { LiveAccess } from './live-access.service';
import { visibleIn } from './live-access';

/**
 * Server-Sent Events for clients that cannot speak Socket.IO: the same events, each with its stream id
 * as the SSE `id`, so that a browser's EventSource resumes by itself (`Last-Event-ID`); a `heartbeat`
 * every 15 s; `resync` when what was missed is no longer kept.
 */
@ApiTags('live')
@Controller()
export class LiveEventsController {
  constructor(
    private readonly tail: EventTail,
    private readonly access: LiveAccess,
  ) {}

  @Sse('events/stream')
  @ApiOperation({ summary: 'Every live event the caller may see, or one integration’s (`integrationId`)' })
  async events(
    @CurrentActor() principal: Principal,
    @Query('integrationId', new ParseUUIDPipe({ optional: true })) integrationId: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    return this.stream(principal, integrationId ? `integration:${integrationId}` : 'all', lastEventId);
  }

  @Sse('sync/progress/:sessionId/stream')
  @ApiOperation({ summary: 'One session’s live events: its progress, records, end' })
  async session(
    @CurrentActor() principal: Principal,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    return this.stream(principal, `session:${sessionId}`, lastEventId);
  }

  private async stream(principal: Principal, room: LiveRoom, since: string | undefined) {
    const request = await this.access.subscription(principal, { room, since });
    if (!request.ok) throw new ApiException('not_found', request.error);
    return new Observable<MessageEvent>((subscriber) => {
      const send = (event: LiveEvent) => subscriber.next({ id: event.id, type: event.name, data: event });
      let stop: (() => void) | null = null;
      let closed = false;
      void this.tail.follow(since, visibleIn(room, principal), send).then(({ resumed, stop: end }) => {
        if (closed) return end();
        stop = end;
        if (!resumed) subscriber.next({ type: 'resync', data: { reason: `Events since ${since} are no longer kept` } });
      });
      const heartbeat = setInterval(
        () => subscriber.next({ type: 'heartbeat', data: { at: new Date().toISOString() } }),
        HEARTBEAT_INTERVAL_MS,
      );
      return () => {
        closed = true;
        clearInterval(heartbeat);
        stop?.();
      };
    });
  }
}
