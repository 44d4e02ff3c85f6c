import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  HEARTBEAT_INTERVAL_MS,
  LIVE_NAMESPACE,
  type LiveAck,
  type LiveClientEvents,
  type LiveEvent,
  type LiveServerEvents,
  type LiveSubscription,
} from '@syncline/contracts';
import { createParser } from 'eventsource-parser';
import { io, type Socket } from 'socket.io-client';
import { createTestApp, type TestApp } from '../test/test-app';

type Client = Socket<LiveServerEvents, LiveClientEvents>;

const API_MAIN = resolve(__dirname, '../../dist/main.js');
const FOLLOW_EXAMPLE = resolve(__dirname, '../../../../libs/sdk/examples/follow-live.mjs');

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });

/** A client of `/live` that keeps what it receives. */
interface Follower {
  socket: Client;
  events: LiveEvent[];
  resyncs: string[];
  subscribe: (subscription: LiveSubscription) => Promise<LiveAck>;
  until: (done: (events: LiveEvent[]) => boolean, what: string) => Promise<LiveEvent[]>;
}

const waitFor = async <T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('live updates (Socket.IO at /live, Server-Sent Events)', () => {
  let app: TestApp;
  let baseUrl: string;
  let admin: string;
  const sockets: Client[] = [];

  const follower = async (auth: Record<string, unknown>): Promise<Follower> => {
    const socket: Client = io(`${baseUrl}${LIVE_NAMESPACE}`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const events: LiveEvent[] = [];
    const resyncs: string[] = [];
    socket.on('event', (event) => events.push(event));
    socket.on('resync', ({ reason }) => resyncs.push(reason));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return {
      socket,
      events,
      resyncs,
      subscribe: (subscription) => socket.emitWithAck('subscribe', subscription),
      until: (done, what) => waitFor(() => done(events) && events, what),
    };
  };

  const api = (method: 'post' | 'patch', path: string, body: object, token = admin) =>
    app.http()[method](`/api/v1${path}`).auth(token, { type: 'bearer' }).send(body);

  const integration = async (key: string): Promise<string> =>
    (
      await api('post', '/integrations', {
        key,
        name: key,
        provider: 'test',
        entityTypes: ['vehicle'],
        local: { type: 'csv', path: '/data/stock.csv', keyColumn: 'id' },
        remote: { type: 'csv', path: '/data/remote.csv', keyColumn: 'id' },
      }).expect(201)
    ).body.id;

  const startSession = async (integrationId: string): Promise<string> =>
    (await api('post', '/sessions', { integrationId, entityType: 'vehicle', direction: 'inbound' }).expect(201)).body
      .id;

  let first: string;
  let second: string;

  beforeAll(async () => {
    app = await createTestApp();
    await app.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    admin = await app.tokenFor('admin');
    first = await integration('live-first');
    second = await integration('live-second');
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(() => app?.close());

  it('reaches the clients of another API instance (a second process on the same database and Redis)', async () => {
    const port = await freePort();
    const other: ChildProcess = spawn(process.execPath, [API_MAIN], {
      env: { ...process.env, ...app.env, PORT: String(port) },
      stdio: 'ignore',
    });
    try {
      const otherUrl = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      while (
        !(await fetch(`${otherUrl}/api/v1/health`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (Date.now() > deadline) throw new Error('The second API instance did not start');
        await new Promise((done) => setTimeout(done, 200));
      }
      const socket: Client = io(`${otherUrl}${LIVE_NAMESPACE}`, { auth: { token: admin }, transports: ['websocket'] });
      sockets.push(socket);
      const events: LiveEvent[] = [];
      socket.on('event', (event) => events.push(event));
      await socket.emitWithAck('subscribe', { room: 'all' });

      const sessionId = await startSession(first);

      await waitFor(
        () => events.some((event) => (event.payload as { session?: { id: string } }).session?.id === sessionId),
        'the event on the other instance',
      );
    } finally {
      other.kill('SIGTERM');
    }
  }, 60_000);

  it('sends a heartbeat every 15 seconds', async () => {
    const client = await follower({ token: admin });
    const beats: string[] = [];
    client.socket.on('heartbeat', ({ at }) => beats.push(at));

    await waitFor(() => beats.length > 0, 'a heartbeat', HEARTBEAT_INTERVAL_MS + 2000);

    expect(Date.now() - Date.parse(beats[0])).toBeLessThan(2000);
  }, 30_000);

  it('refuses a connection without valid credentials', async () => {
    await expect(follower({})).rejects.toThrow('unauthenticated');
    await expect(follower({ token: 'sls_not-a-session' })).rejects.toThrow('unauthenticated');
    const signedIn = await follower({ token: admin });
    expect(signedIn.socket.connected).toBe(true);
    // Another site's page may not ride on the admin's cookie: no credentialed CORS.
    const crossSite = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(crossSite.headers.get('access-control-allow-credentials')).not.toBe('true');
  });

  it('delivers a session’s events in order, progress coalesced, the final state last', async () => {
    const client = await follower({ token: admin });
    expect(await client.subscribe({ room: `integration:${first}` })).toEqual({
      ok: true,
      room: `integration:${first}`,
    });
    const sessionId = await startSession(first);
    await api('patch', `/sessions/${sessionId}`, { status: 'running' }).expect(200);
    for (let processed = 1; processed <= 30; processed++) {
      await api('patch', `/sessions/${sessionId}`, { counters: { total: 30, processed } }).expect(200);
    }
    await api('patch', `/sessions/${sessionId}`, { status: 'completed' }).expect(200);

    const events = await client.until(
      (received) => received.some((event) => event.name === 'session.completed'),
      'the session to complete',
    );
    const mine = events.filter((event) => 'session' in event.payload && event.payload.session.id === sessionId);
    expect(mine[0].name).toBe('session.started');
    expect(mine.at(-1)?.name).toBe('session.completed');
    const progress = mine.filter((event) => event.name === 'session.progress');
    const processed = progress.map(
      (event) => (event.payload as { session: { counters: { processed: number } } }).session.counters.processed,
    );
    // Thirty updates in quick succession arrive as fewer events, in order, ending with the last state.
    expect(processed.length).toBeLessThan(30);
    expect([...processed].sort((a, b) => a - b)).toEqual(processed);
    expect(processed.at(-1)).toBe(30);
    expect(mine.map((event) => event.id)).toEqual([...mine.map((event) => event.id)].sort());
  });

  it('lets an API key follow only the integrations it is limited to', async () => {
    const { body: key } = await api('post', '/api-keys', {
      name: 'dashboard',
      role: 'viewer',
      integrationIds: [first],
    }).expect(201);
    const client = await follower({ token: key.key });
    expect(await client.subscribe({ room: `integration:${second}` })).toMatchObject({ ok: false });
    expect(await client.subscribe({ room: 'all' })).toEqual({ ok: true, room: 'all' });

    const theirs = await startSession(second);
    const mine = await startSession(first);

    await client.until((events) => events.some((event) => event.name === 'session.started'), 'its session');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sessions = client.events.map((event) => (event.payload as { session?: { id: string } }).session?.id);
    expect(sessions).toContain(mine);
    expect(sessions).not.toContain(theirs);
    expect(client.events.some((event) => event.name === 'queue.changed')).toBe(false);
  });

  it('delivers alerts in the alerts room, which an API key limited to some integrations may not join', async () => {
    const client = await follower({ token: admin });
    expect(await client.subscribe({ room: 'alerts' })).toEqual({ ok: true, room: 'alerts' });
    const sessionId = await startSession(second);

    await api('patch', `/sessions/${sessionId}`, { status: 'failed' }).expect(200);

    const events = await client.until(
      (received) => received.some((event) => event.name === 'alert.fired'),
      'the failed sync’s alert',
    );
    expect(events.every((event) => event.name.startsWith('alert.'))).toBe(true);
    expect(events.find((event) => event.name === 'alert.fired')?.payload).toMatchObject({
      alert: { integrationId: second, sessionId, status: 'firing' },
    });
    const { body: key } = await api('post', '/api-keys', { name: 'limited', integrationIds: [first] }).expect(201);
    const limited = await follower({ token: key.key });
    expect(await limited.subscribe({ room: 'alerts' })).toMatchObject({ ok: false });
  });

  it('sends a returning client what it missed, or tells it to refetch', async () => {
    const client = await follower({ token: admin });
    await client.subscribe({ room: 'all' });
    const before = await startSession(first);
    const [seen] = await client.until((events) => events.length > 0, 'the first event');
    client.socket.disconnect();
    expect(seen.payload).toMatchObject({ session: { id: before } });

    const missed = [await startSession(first), await startSession(second)];
    const back = await follower({ token: admin });
    await back.subscribe({ room: 'all', since: seen.id });
    const live = await startSession(first);

    const events = await back.until(
      (received) => received.some((event) => (event.payload as { session?: { id: string } }).session?.id === live),
      'the live event after the missed ones',
    );
    const started = events
      .filter((event) => event.name === 'session.started')
      .map((event) => (event.payload as { session: { id: string } }).session.id);
    expect(started).toEqual([...missed, live]);
    expect(back.resyncs).toEqual([]);

    const stale = await follower({ token: admin });
    await stale.subscribe({ room: 'all', since: '1-0' });
    await waitFor(() => stale.resyncs.length > 0, 'a resync');
  });

  it('streams the same events as Server-Sent Events, resuming after Last-Event-ID', async () => {
    const sessionId = await startSession(second);
    const streamed = async (path: string, lastEventId: string | undefined, count: number) => {
      const controller = new AbortController();
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        headers: { authorization: `Bearer ${admin}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal: controller.signal,
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const received: { id?: string; event?: string; data: string }[] = [];
      const parser = createParser({ onEvent: (event) => received.push(event) });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      const reading = (async () => {
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          if (value) parser.feed(value);
        }
      })();
      await waitFor(() => received.length >= count, `${count} streamed events`);
      controller.abort();
      await reading;
      return received;
    };

    const [opened] = await streamed(`/sync/progress/${sessionId}/stream`, undefined, 0).then(async () => {
      const live = streamed(`/sync/progress/${sessionId}/stream`, undefined, 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await api('patch', `/sessions/${sessionId}`, { status: 'running' }).expect(200);
      return live;
    });
    expect(opened).toMatchObject({ event: 'session.progress', id: expect.stringMatching(/^\d+-\d+$/) });
    expect(JSON.parse(opened.data)).toMatchObject({
      name: 'session.progress',
      payload: { session: { id: sessionId } },
    });

    await api('patch', `/sessions/${sessionId}`, { status: 'completed' }).expect(200);
    const resumed = await streamed(`/sync/progress/${sessionId}/stream`, opened.id, 1);
    expect(resumed[0]).toMatchObject({ event: 'session.completed' });

    const refused = await fetch(`${baseUrl}/api/v1/events/stream`);
    expect(refused.status).toBe(401);
  });

  it('runs the documented example: an external dashboard following one integration with an API key', async () => {
    const { body: key } = await api('post', '/api-keys', {
      name: 'wallboard',
      role: 'viewer',
      integrationIds: [first],
    }).expect(201);
    const following = promisify(execFile)('node', [FOLLOW_EXAMPLE], {
      env: {
        ...process.env,
        SYNCLINE_URL: baseUrl,
        SYNCLINE_API_KEY: key.key,
        SYNCLINE_ROOM: `integration:${first}`,
        SYNCLINE_STOP_AFTER: '2',
      },
      timeout: 20_000,
    });
    await new Promise((done) => setTimeout(done, 1500));
    const sessionId = await startSession(first);
    await api('patch', `/sessions/${sessionId}`, { counters: { total: 10, processed: 4 } }).expect(200);

    const { stdout } = await following;

    expect(stdout).toMatch(/ session\.started vehicle running 0\/0$/m);
    expect(stdout).toMatch(/ session\.progress vehicle running 4\/10$/m);
  });
});
