import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  HEARTBEAT_INTERVAL_MS,
  LIVE_NAMESPACE,
  type LiveAck,
  type LiveClientEvents,
  type LiveEvent,
  type LiveRoom,
  type LiveServerEvents,
} from '@syncline/contracts';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { handshakeCredential } from '../auth/credentials';
import type { Principal } from '../auth/principal';
import { EventTail } from './event-tail';
import { LiveAccess } from './live-access.service';
import { roomsOf, visibleIn } from './live-access';

interface SocketData {
  principal: Principal;
  /** Ends the catch-up listeners of rooms joined with `since` (they hand over to the room itself). */
  rooms: Set<LiveRoom>;
}
type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;
type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;

/**
 * Socket.IO at `/live`: authenticated at the handshake (session cookie, session token or API key, as
 * `auth.token` or a header); clients join rooms by message, each checked against what they may see.
 * Every event of the shared stream goes to the rooms it belongs to, in stream order.
 */
// Dashboards on other origins may connect with a token; a browser never sends the admin's cookie
// cross-origin (no credentialed CORS), so another site cannot follow Syncline as the signed-in admin.
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true, credentials: false } })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private namespace!: LiveNamespace;
  private stopTail: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly auth: AuthService,
    private readonly tail: EventTail,
    private readonly access: LiveAccess,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    namespace.use((socket, next) => {
      const credential = handshakeCredential(socket.handshake);
      void (credential ? this.auth.authenticate(credential) : Promise.resolve(null)).then(
        (principal) => {
          if (!principal) return next(new Error('unauthenticated'));
          socket.data.principal = principal;
          socket.data.rooms = new Set();
          next();
        },
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    this.stopTail = this.tail.listen((event) => this.broadcast(event));
    this.heartbeat = setInterval(
      () => namespace.emit('heartbeat', { at: new Date().toISOString() }),
      HEARTBEAT_INTERVAL_MS,
    );
    this.heartbeat.unref();
  }

  onApplicationShutdown(): void {
    this.stopTail?.();
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<LiveAck> {
    const request = await this.access.subscription(socket.data.principal, body);
    if (!request.ok) return request;
    const { room, since } = request;
    const principal = socket.data.principal;
    // Caught up on what it missed (if it says since when), then joined, with nothing missed in between.
    const followed = await this.tail
      .follow(since, visibleIn(room, principal), (event) => socket.emit('event', event))
      .catch(() => null);
    if (!followed) return { ok: false, error: 'Live updates are unavailable for a moment; try again' };
    const { resumed, stop } = followed;
    stop();
    if (!resumed) socket.emit('resync', { reason: `Events since ${since} are no longer kept: refetch, then follow` });
    this.join(socket, room);
    return { ok: true, room };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<LiveAck> {
    const request = await this.access.subscription(socket.data.principal, body);
    if (!request.ok) return request;
    for (const joined of this.access.socketRooms(socket.data.principal, request.room)) await socket.leave(joined);
    socket.data.rooms.delete(request.room);
    return { ok: true, room: request.room };
  }

  private join(socket: LiveSocket, room: LiveRoom): void {
    socket.data.rooms.add(room);
    for (const joined of this.access.socketRooms(socket.data.principal, room)) void socket.join(joined);
  }

  private broadcast(event: LiveEvent): void {
    try {
      this.namespace.to(roomsOf(event)).emit('event', event);
    } catch (error) {
      this.logger.warn(`Live event ${event.id} not sent: ${String(error)}`);
    }
  }
}
