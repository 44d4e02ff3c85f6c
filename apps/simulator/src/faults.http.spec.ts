import { afterEach, describe, expect, it } from 'vitest';
import type { FaultConfig } from './faults';
import type { RecordView } from './store';
import { startSimulator, type TestSimulator } from './test/simulator-client';

type ListBody = { items: Record<string, unknown>[] };

const isMalformed = (item: Record<string, unknown>) =>
  typeof item.id !== 'string' ||
  Object.entries(item).some(([field, value]) => {
    const expected = { version: 'number', year: 'number', price: 'number', odometer: 'number', deleted: 'boolean' }[
      field
    ];
    return expected ? typeof value !== expected : value !== null && typeof value !== 'string';
  });

describe('fault injection', () => {
  let sut: TestSimulator;
  afterEach(() => sut.close());

  it('answers roughly the configured share of requests with 500, 502 or 503', async () => {
    sut = await startSimulator({ faults: { errorRate: 0.3 } });

    const answers = [];
    for (let i = 0; i < 400; i++) answers.push(await sut.call('/vehicle?limit=1'));
    const failed = answers.filter((answer) => answer.status >= 500);

    expect(failed.length / answers.length).toBeGreaterThan(0.22);
    expect(failed.length / answers.length).toBeLessThan(0.38);
    expect(new Set(failed.map((answer) => answer.status))).toEqual(new Set([500, 502, 503]));
    expect(failed.every((answer) => answer.headers.get('x-sim-injected') === 'error')).toBe(true);
  });

  it('injects the same faults into the same requests for the same seed', async () => {
    const statusesFor = async (seedRandom: number) => {
      const sim = await startSimulator({ seedRandom, faults: { errorRate: 0.5 } });
      const statuses = [];
      for (let i = 0; i < 40; i++) statuses.push((await sim.call('/vehicle?limit=1')).status);
      await sim.close();
      return statuses.join();
    };

    const [first, again, other] = [await statusesFor(7), await statusesFor(7), await statusesFor(8)];
    sut = await startSimulator();

    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('makes a share of listed records malformed without touching the stored ones', async () => {
    sut = await startSimulator({ seedCount: 300, faults: { malformedRate: 0.2 } });

    const { body } = await sut.call<ListBody>('/vehicle?limit=300');
    const malformed = body.items.filter(isMalformed);
    const stored = await sut.call<RecordView>(`/vehicle/veh_000001`);

    expect(malformed.length).toBeGreaterThan(30);
    expect(malformed.length).toBeLessThan(90);
    expect(malformed.some((item) => item.id === undefined)).toBe(true);
    expect(malformed.some((item) => typeof item.id === 'string')).toBe(true);
    expect(isMalformed(stored.body)).toBe(false);
  });

  it('corrupts exactly the first record when a request asks for it', async () => {
    sut = await startSimulator();

    const { body } = await sut.call<ListBody>('/lead?limit=5', { headers: { 'x-sim-fault': 'malformed' } });

    expect(body.items.map(isMalformed)).toEqual([true, false, false, false, false]);
  });

  it('resets the connection so the client request fails', async () => {
    sut = await startSimulator();

    await expect(sut.call('/vehicle', { headers: { 'x-sim-fault': 'reset' } })).rejects.toThrow('fetch failed');
    const after = await sut.call('/vehicle?limit=1');

    expect(after.status).toBe(200);
  });

  it('holds a timed-out request until the client gives up, and still closes promptly', async () => {
    sut = await startSimulator();

    const started = Date.now();
    await expect(
      sut.call('/vehicle', { headers: { 'x-sim-fault': 'timeout' }, signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow(expect.objectContaining({ name: 'TimeoutError' }));
    const waited = Date.now() - started;
    const stillHeld = sut.call('/vehicle', { headers: { 'x-sim-fault': 'timeout' } }).then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = Date.now();
    await sut.close();

    expect(waited).toBeGreaterThanOrEqual(290);
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await stillHeld).toBe('fetch failed');
  });

  it('answers 401 for a share of requests even with a valid token', async () => {
    sut = await startSimulator({ faults: { authFailureRate: 1 } });

    const { status, headers } = await sut.call('/vehicle');

    expect(status).toBe(401);
    expect(headers.get('x-sim-injected')).toBe('auth');
  });

  it('adds the configured latency, and the latency a request asks for', async () => {
    sut = await startSimulator({ faults: { latencyMs: '150-200' } });

    let started = Date.now();
    await sut.call('/vehicle?limit=1');
    const configured = Date.now() - started;
    started = Date.now();
    await sut.call('/vehicle?limit=1', { headers: { 'x-sim-fault': 'latency=400' } });
    const requested = Date.now() - started;

    expect(configured).toBeGreaterThanOrEqual(145);
    expect(requested).toBeGreaterThanOrEqual(395);
  });

  it('changes faults at runtime and never applies them to the control endpoints', async () => {
    sut = await startSimulator();

    const set = await sut.call<FaultConfig>('/_sim/faults', { method: 'PUT', json: { errorRate: 1, latencyMs: 5 } });
    const failing = await sut.call('/vehicle');
    const stats = await sut.call<{ faultsInjected: Record<string, number> }>('/_sim/stats');
    await sut.call('/_sim/faults', { method: 'PUT', json: {} });
    const healthy = await sut.call('/vehicle');

    expect(set.body).toMatchObject({ errorRate: 1, latencyMs: { min: 5, max: 5 }, timeoutRate: 0 });
    expect(failing.status).toBeGreaterThanOrEqual(500);
    expect(stats.status).toBe(200);
    expect(stats.body.faultsInjected).toMatchObject({ error: 1, latency: 1 });
    expect(healthy.status).toBe(200);
  });

  it('refuses invalid fault settings and unknown X-Sim-Fault values with 400', async () => {
    sut = await startSimulator();

    const settings = await sut.call('/_sim/faults', {
      method: 'PUT',
      json: { errorRate: 2, latencyMs: '9-1', flood: 1 },
    });
    const header = await sut.call('/vehicle', { headers: { 'x-sim-fault': 'meteor' } });

    expect(settings.status).toBe(400);
    expect(settings.body.details).toEqual([
      { field: 'flood', reason: 'is not a fault setting' },
      { field: 'latencyMs', reason: 'must be milliseconds or a range min-max within 0..600000' },
      { field: 'errorRate', reason: 'must be a share from 0 to 1' },
    ]);
    expect(header.status).toBe(400);
  });
});
