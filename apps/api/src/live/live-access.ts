import type { LiveEvent, LiveRoom } from '@syncline/contracts';
import type { Principal } from '../auth/principal';

/** The integration and session an event belongs to; queue-wide events belong to neither. */
export function eventScope(event: LiveEvent): { integrationId: string | null; sessionId: string | null } {
  const payload = event.payload as {
    session?: { id: string; integrationId: string };
    alert?: { integrationId: string | null; sessionId: string | null };
    integrationId?: string;
    sessionId?: string;
  };
  if (payload.session) return { integrationId: payload.session.integrationId, sessionId: payload.session.id };
  if (payload.alert) return { integrationId: payload.alert.integrationId, sessionId: payload.alert.sessionId };
  return { integrationId: payload.integrationId ?? null, sessionId: payload.sessionId ?? null };
}

/** The rooms an event goes to: everything, alerts (for alert events), its integration's, its session's. */
export function roomsOf(event: LiveEvent): LiveRoom[] {
  const { integrationId, sessionId } = eventScope(event);
  const rooms: LiveRoom[] = event.name.startsWith('alert.') ? ['all', 'alerts'] : ['all'];
  if (integrationId) rooms.push(`integration:${integrationId}`);
  if (sessionId) rooms.push(`session:${sessionId}`);
  return rooms;
}

/** Whether a principal may see an event: an API key limited to some integrations sees only theirs. */
function maySee(principal: Principal, event: LiveEvent): boolean {
  if (principal.integrationIds === null) return true;
  const { integrationId } = eventScope(event);
  return integrationId !== null && principal.integrationIds.includes(integrationId);
}

/** What a follower of `room` receives: the room's events that the principal may see. */
export function visibleIn(room: LiveRoom, principal: Principal): (event: LiveEvent) => boolean {
  return (event) => roomsOf(event).includes(room) && maySee(principal, event);
}

export function parseRoom(room: unknown): LiveRoom | null {
  if (room === 'all' || room === 'alerts') return room;
  if (typeof room !== 'string') return null;
  const match = /^(integration|session):([0-9a-f-]{36})$/i.exec(room);
  return match ? (room as LiveRoom) : null;
}
