import { Injectable } from '@nestjs/common';
import type { LiveRoom } from '@syncline/contracts';
import type { Principal } from '../auth/principal';
import { SessionsService } from '../sessions/sessions.service';
import { parseRoom } from './live-access';

export type SubscriptionRequest = { ok: true; room: LiveRoom; since?: string } | { ok: false; error: string };

/** Who may follow which room, checked when a client asks to join (Socket.IO) or opens a stream (SSE). */
@Injectable()
export class LiveAccess {
  constructor(private readonly sessions: SessionsService) {}

  async subscription(principal: Principal, body: unknown): Promise<SubscriptionRequest> {
    const { room: asked, since } = (body ?? {}) as { room?: unknown; since?: unknown };
    const room = parseRoom(asked);
    if (!room) return { ok: false, error: 'room must be "all", "alerts", "integration:<id>" or "session:<id>"' };
    if (since !== undefined && typeof since !== 'string') return { ok: false, error: 'since must be an event id' };
    const allowed = await this.allowed(principal, room);
    return allowed
      ? { ok: true, room, since }
      : { ok: false, error: `${room} is not yours to follow, or does not exist` };
  }

  /** The Socket.IO rooms behind a room: `all` of an API key limited to some integrations is theirs. */
  socketRooms(principal: Principal, room: LiveRoom): LiveRoom[] {
    if (room !== 'all' || principal.integrationIds === null) return [room];
    return principal.integrationIds.map((id): LiveRoom => `integration:${id}`);
  }

  private async allowed(principal: Principal, room: LiveRoom): Promise<boolean> {
    if (room === 'all') return true;
    // The alerts room carries every integration's alerts (and system-wide ones): not for a limited key.
    if (room === 'alerts') return principal.integrationIds === null;
    const [kind, id] = room.split(':');
    if (kind === 'integration') return principal.integrationIds === null || principal.integrationIds.includes(id);
    return this.sessions.get(id, principal).then(
      () => true,
      () => false,
    );
  }
}
