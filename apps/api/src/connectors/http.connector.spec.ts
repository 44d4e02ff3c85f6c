import { createServer, type AddressInfo } from 'node:net';
import type { HttpConnectorConfig } from '@syncline/contracts';
import { createSimulator, simulatorConnector, type RecordView, type Simulator } from '@syncline/simulator';
import { ConnectorError } from './connector';
import { keyChecksums, readAll, testContext } from '../test/connector-testing';
import { HttpConnector, parseRetryAfter } from './http.connector';

const TOKEN = 'sim-token-4711-SECRET';

const config = (sim: Simulator, overrides: Partial<HttpConnectorConfig> = {}): HttpConnectorConfig => ({
  ...simulatorConnector(sim.url, 1000),
  timeoutMs: 2000,
  ...overrides,
});

const context = testContext({
  credentials: { 'remote.token': TOKEN },
  side: 'remote',
  retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
});

const aVehicle = (overrides: Record<string, unknown> = {}) => ({
  stockNumber: 'STK99999',
  make: 'Toyota',
  model: 'Corolla',
  year: 2020,
  ...overrides,
});

/** The simulator's own view of a collection, tombstones included, in change order. */
const stored = (sim: Simulator, collection = 'vehicle'): RecordView[] =>
  sim.state.store.collection(collection).page({ limit: 1_000_000, includeDeleted: true }).items;

/** Makes the next `times` requests carry `X-Sim-Fault`, as if the remote failed on them by itself. */
function faultNext(fault: string, times = 1): jest.SpyInstance {
  const realFetch = globalThis.fetch;
  let left = times;
  return jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    if (left-- <= 0) return realFetch(input, init);
    return realFetch(input, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), 'x-sim-fault': fault },
    });
  });
}

/** A port nobody listens on (fetch refuses well-known ports such as 1). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function secretFree(error: unknown): string {
  const { message, options } = error as ConnectorError;
  return JSON.stringify({ message, request: options.request, response: options.response });
}

describe('HttpConnector against the simulator', () => {
  let sim: Simulator;
  let sut: HttpConnector;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${sim.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });

  beforeAll(async () => {
    sim = await createSimulator({
      port: 0,
      token: TOKEN,
      collections: ['vehicle'],
      seedCount: 0,
      rateLimitPerSecond: 0,
    });
  });

  afterAll(() => sim.close());

  beforeEach(async () => {
    await call('/_sim/reset', { method: 'POST', body: JSON.stringify({ seedCount: 250 }) });
    sut = new HttpConnector(config(sim), context());
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await sut.close();
  });

  it('reads the whole collection page by page, equal to what the remote stores', async () => {
    const { records } = await readAll(sut, 60);

    expect(records).toHaveLength(250);
    expect(records.map((record) => [record.key, record.version, record.data])).toEqual(
      stored(sim).map((item) => [item.id, String(item.version), item]),
    );
    expect(records[0].updatedAt).toEqual(new Date(stored(sim)[0].updatedAt));
  });

  it('reads only later changes from a finished position, deletions as tombstones', async () => {
    const first = await readAll(sut, 100);
    const [changed, deleted] = stored(sim);
    await call(`/vehicle/${changed.id}`, { method: 'PUT', body: JSON.stringify(aVehicle({ make: 'Kia' })) });
    await call(`/vehicle/${deleted.id}`, { method: 'DELETE' });

    const second = await readAll(sut, 100, first.position);
    const third = await readAll(sut, 100, second.position);

    expect(second.records.map((record) => [record.key, record.data?.make ?? null])).toEqual([
      [changed.id, 'Kia'],
      [deleted.id, null],
    ]);
    expect(third.records).toEqual([]);
    expect(third.position).toBe(second.position);
  });

  it("counts a feed from the list answer's total field: all of it, changes since a position, nothing mid-feed", async () => {
    const uncounting = new HttpConnector(config(sim, { totalField: undefined }), context());
    const first = await readAll(sut, 100);
    const [changed, deleted] = stored(sim);
    await call(`/vehicle/${changed.id}`, { method: 'PUT', body: JSON.stringify(aVehicle({ make: 'Kia' })) });
    await call(`/vehicle/${deleted.id}`, { method: 'DELETE' });
    const midFeed = await sut.listChanged(null, 10);

    expect(await sut.countChanged(null)).toBe(250);
    expect(await sut.countChanged(first.position)).toBe(2);
    expect(await sut.countChanged(midFeed.position)).toBeNull();
    expect(await uncounting.countChanged(null)).toBeNull();
    await uncounting.close();
  });

  it('finds records by key, tombstones included and missing keys absent', async () => {
    const [a, b, gone] = stored(sim);
    await call(`/vehicle/${gone.id}`, { method: 'DELETE' });

    const found = await sut.getByKeys([a.id, b.id, gone.id, 'veh_missing']);

    expect([...found.keys()].sort()).toEqual([a.id, b.id, gone.id].sort());
    expect(found.get(a.id)).toMatchObject({ key: a.id, version: '1', data: { make: a.make } });
    expect(found.get(gone.id)).toMatchObject({ version: '2', data: null });
  });

  it('looks up more keys than one request may carry', async () => {
    await call('/_sim/reset', { method: 'POST', body: JSON.stringify({ seedCount: 1200 }) });

    const found = await sut.getByKeys(stored(sim).map((item) => item.id));

    expect(found.size).toBe(1200);
  });

  it('writes a batch with version checks: stale versions conflict, equal writes change nothing', async () => {
    const [fresh, stale, same] = stored(sim);
    const data = (item: RecordView) => aVehicle({ stockNumber: item.stockNumber, make: 'Subaru' });
    await sut.upsert([{ key: stale.id, data: data(stale) }]);
    const {
      version: _version,
      id: _id,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      deleted: _deleted,
      ...sameData
    } = same;

    const outcomes = await sut.upsert([
      { key: fresh.id, data: data(fresh), expectedVersion: '1' },
      { key: stale.id, data: data(stale), expectedVersion: '1' },
      { key: same.id, data: sameData, expectedVersion: '1' },
      { key: 'veh_new', data: aVehicle() },
    ]);

    expect(outcomes).toEqual([
      { key: fresh.id, ok: true, version: '2', changed: true },
      { key: stale.id, ok: false, error: expect.objectContaining({ category: 'conflict' }) },
      { key: same.id, ok: true, version: '1', changed: false },
      { key: 'veh_new', ok: true, version: '1', changed: true },
    ]);
    expect(sim.state.store.collection('vehicle').get(fresh.id)?.make).toBe('Subaru');
    expect(sim.state.store.collection('vehicle').get('veh_new')?.stockNumber).toBe('STK99999');
  });

  it('fails only the invalid item of a batch, naming its fields', async () => {
    const [good, bad] = stored(sim);

    const outcomes = await sut.upsert([
      { key: good.id, data: aVehicle({ make: 'Mazda' }) },
      { key: bad.id, data: aVehicle({ year: 'last year' }) },
    ]);

    expect(outcomes[0]).toMatchObject({ ok: true, changed: true });
    expect(outcomes[1]).toMatchObject({
      key: bad.id,
      ok: false,
      error: { category: 'validation', options: { status: 422, details: [{ field: 'year' }] } },
    });
    expect(sim.state.store.collection('vehicle').get(bad.id)?.year).toBe(bad.year);
  });

  it('deletes in batches, with the same version check', async () => {
    const [a, b] = stored(sim);

    const outcomes = await sut.delete([
      { key: a.id, expectedVersion: '1' },
      { key: b.id, expectedVersion: '7' },
    ]);

    expect(outcomes).toEqual([
      { key: a.id, ok: true, version: '2', changed: true },
      { key: b.id, ok: false, error: expect.objectContaining({ category: 'conflict' }) },
    ]);
    expect(await sut.count()).toBe(249);
  });

  it('writes record by record with If-Match when there is no batch endpoint', async () => {
    const single = new HttpConnector(config(sim, { batchPath: undefined }), context());
    const [a, b, c] = stored(sim);

    const written = await single.upsert([
      { key: a.id, data: aVehicle({ make: 'Ford' }), expectedVersion: '1' },
      { key: b.id, data: aVehicle({ make: 'Ford' }), expectedVersion: '5' },
      { key: 'veh_single', data: aVehicle() },
    ]);
    const deleted = await single.delete([{ key: c.id, expectedVersion: '1' }, { key: 'veh_never' }]);
    await single.close();

    expect(written).toEqual([
      { key: a.id, ok: true, version: '2', changed: true },
      { key: b.id, ok: false, error: expect.objectContaining({ category: 'conflict' }) },
      { key: 'veh_single', ok: true, version: '1', changed: true },
    ]);
    expect(deleted).toEqual([
      { key: c.id, ok: true, version: '2', changed: true },
      { key: 'veh_never', ok: true, version: null, changed: false },
    ]);
  });

  it('counts live records and lists their keys', async () => {
    const [gone] = stored(sim);
    await call(`/vehicle/${gone.id}`, { method: 'DELETE' });
    const paged = new HttpConnector(config(sim, { pageSize: 100 }), context());
    const requests = jest.spyOn(globalThis, 'fetch');

    const batches: string[][] = [];
    for await (const batch of paged.listKeys()) batches.push(batch);
    const keyListing = requests.mock.calls.map(([url]) => new URL(String(url)).searchParams.get('fields'));
    requests.mockRestore();
    const count = await paged.count();
    await paged.close();

    // Keys are listed with the sparse-fieldset parameter: the remote sends ids only.
    expect(keyListing).toEqual(['id', 'id', 'id']);
    expect(count).toBe(249);
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 49]);
    expect(batches.flat().sort()).toEqual(
      stored(sim)
        .filter((item) => !item.deleted)
        .map((item) => item.id)
        .sort(),
    );
  });

  it("answers the remote's key checksums, equal to those of its listed keys", async () => {
    const [gone] = stored(sim);
    await call(`/vehicle/${gone.id}`, { method: 'DELETE' });
    const keys: string[] = [];
    for await (const batch of sut.listKeys()) keys.push(...batch);

    const sums = await sut.keyChecksums!(256);

    expect(keys).toHaveLength(249);
    expect(sums).toEqual(keyChecksums(keys, 256));
  });

  it('has no key checksums without a checksum path', async () => {
    const listing = new HttpConnector(config(sim, { checksumPath: undefined }), context());

    expect(listing.keyChecksums).toBeUndefined();
    await listing.close();
  });

  it('asks for key checksums through the same retries as every request', async () => {
    const onRetry = jest.fn();
    const retrying = new HttpConnector(config(sim), context({ onRetry }));
    faultNext('503');

    const sums = await retrying.keyChecksums!(4);
    await retrying.close();

    expect(sums.map((sum) => sum.range)).toEqual([0, 1, 2, 3]);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('refuses a key-checksum answer that is not one, as a remote failure', async () => {
    const xor = '0123456789abcdef';
    const answers = [
      {},
      { ranges: {} },
      { ranges: [{ range: 1, count: 2 }] },
      { ranges: [{ range: 1, count: 2, xor: 'ABCDEF0123456789' }] },
      { ranges: [{ range: 4, count: 2, xor }] },
      { ranges: [{ range: 1.5, count: 2, xor }] },
      { ranges: [{ range: 1, count: 0, xor }] },
      {
        ranges: [
          { range: 1, count: 2, xor },
          { range: 1, count: 3, xor },
        ],
      },
    ];
    const answering = jest.spyOn(globalThis, 'fetch');

    const errors: unknown[] = [];
    for (const answer of answers) {
      answering.mockResolvedValueOnce(Response.json(answer));
      errors.push(await sut.keyChecksums!(4).catch((e: unknown) => e));
    }

    expect(answering).toHaveBeenCalledTimes(answers.length);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({
        category: 'remote_server',
        retryable: false,
        message: expect.stringContaining('GET /vehicle/_checksums?ranges=4 answered no valid key checksums'),
      });
    }
  });

  it('sorts key checksums by range', async () => {
    const sums = [
      { range: 3, count: 1, xor: '00000000000000ff' },
      { range: 0, count: 2, xor: 'ff00000000000000' },
    ];
    jest.spyOn(globalThis, 'fetch').mockResolvedValueOnce(Response.json({ ranges: sums }));

    await expect(sut.keyChecksums!(4)).resolves.toEqual([sums[1], sums[0]]);
  });

  it('retries a 503 and then succeeds, reporting the retry', async () => {
    const onRetry = jest.fn();
    const retrying = new HttpConnector(config(sim), context({ onRetry }));
    faultNext('503');

    const page = await retrying.listChanged(null, 10);

    expect(page.records).toHaveLength(10);
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(onRetry.mock.calls[0]).toEqual([
      expect.objectContaining({
        category: 'remote_server',
        retryable: true,
        options: expect.objectContaining({ status: 503 }),
      }),
      1,
    ]);
  });

  it('retries a request the remote never answers once it times out', async () => {
    const onRetry = jest.fn();
    const impatient = new HttpConnector(config(sim, { timeoutMs: 200 }), context({ onRetry }));
    faultNext('timeout');

    const found = await impatient.getByKeys(['veh_000001']);

    expect(found.size).toBe(1);
    expect(onRetry.mock.calls.map(([error]) => (error as ConnectorError).category)).toEqual(['timeout']);
  });

  it('retries a reset connection as a network error', async () => {
    const onRetry = jest.fn();
    const retrying = new HttpConnector(config(sim), context({ onRetry }));
    faultNext('reset');

    await expect(retrying.count()).resolves.toBe(250);
    expect(onRetry.mock.calls.map(([error]) => (error as ConnectorError).category)).toEqual(['network']);
  });

  it('gives up after the policy attempts, with the last error', async () => {
    faultNext('502', 5);

    const error = await sut.listChanged(null, 10).catch((e: unknown) => e);

    expect(error).toMatchObject({ category: 'remote_server', options: { status: 502 } });
    expect(globalThis.fetch).toHaveBeenCalledTimes(3);
  });

  it('does not retry a refused token', async () => {
    const onRetry = jest.fn();
    const wrong = new HttpConnector(config(sim), context({ onRetry, credentials: { 'remote.token': 'wrong' } }));

    const error = await wrong.listChanged(null, 10).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ category: 'auth', retryable: false, options: { status: 401 } });
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('rejects a listed record without a usable key and keeps the rest of the page', async () => {
    // The simulator corrupts a record either by dropping its id or by mistyping another field.
    let page = await sut.listChanged(null, 5);
    for (let tries = 0; tries < 30 && page.rejected.length === 0; tries++) {
      faultNext('malformed');
      page = await sut.listChanged(null, 5);
      jest.restoreAllMocks();
    }

    expect(page.rejected).toEqual([{ key: null, reason: 'no usable id (found none)' }]);
    expect(page.records.map((record) => record.key)).toEqual(
      stored(sim)
        .slice(1, 5)
        .map((item) => item.id),
    );
  });

  it('never puts the token into an error', async () => {
    const errors: unknown[] = [];
    for (const fault of ['auth', '503', 'timeout']) {
      faultNext(fault, 3);
      errors.push(await new HttpConnector(config(sim, { timeoutMs: 200 }), context()).count().catch((e: unknown) => e));
      jest.restoreAllMocks();
    }
    const [invalid] = await sut.upsert([{ key: 'veh_000001', data: aVehicle({ year: TOKEN }) }]);
    errors.push(invalid.ok ? null : invalid.error);

    expect(errors.map((error) => (error as ConnectorError).category)).toEqual([
      'auth',
      'remote_server',
      'timeout',
      'validation',
    ]);
    for (const error of errors) {
      expect((error as ConnectorError).options.request).toEqual({
        method: expect.any(String),
        path: expect.stringMatching(/^\/vehicle/),
      });
      expect(secretFree(error)).not.toContain(TOKEN);
    }
  });

  it('honours Retry-After on a 429', async () => {
    const limited = await createSimulator({
      port: 0,
      token: TOKEN,
      seedCount: 5,
      rateLimitPerSecond: 1,
      rateLimitBurst: 1,
    });
    const onRetry = jest.fn();
    const patient = new HttpConnector(config(limited), context({ onRetry }));

    const started = performance.now();
    await patient.listChanged(null, 5);
    await patient.listChanged(null, 5);
    const elapsed = performance.now() - started;
    await patient.close();
    await limited.close();

    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(onRetry.mock.calls[0][0]).toMatchObject({
      category: 'rate_limit',
      options: { status: 429, retryAfterMs: 1000 },
    });
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  it('keeps to its own request rate', async () => {
    const slow = new HttpConnector(config(sim, { requestsPerSecond: 20, pageSize: 50 }), context());

    const started = performance.now();
    await slow.count();
    const elapsed = performance.now() - started;
    await slow.close();

    // Five pages of 50: five requests, 50 ms apart.
    expect(elapsed).toBeGreaterThanOrEqual(195);
  });

  it('looks records up one by one when the collection has no paging', async () => {
    const plain = new HttpConnector(config(sim, { pagination: 'none', batchPath: undefined }), context());

    const found = await plain.getByKeys(['veh_000002', 'veh_missing']);
    await plain.close();

    expect([...found.keys()]).toEqual(['veh_000002']);
  });

  it('tests the connection: reachable and authenticated, a wrong token, nobody listening', async () => {
    const wrong = new HttpConnector(config(sim), context({ credentials: { 'remote.token': 'wrong' } }));
    const nobody = new HttpConnector(config(sim, { baseUrl: `http://127.0.0.1:${await closedPort()}` }), context());

    const checks = await Promise.all([sut.testConnection(), wrong.testConnection(), nobody.testConnection()]);
    await Promise.all([wrong.close(), nobody.close()]);

    expect(checks).toEqual([
      { reachable: true, authenticated: true, latencyMs: expect.any(Number), message: 'Connected; /vehicle answered' },
      { reachable: true, authenticated: false, latencyMs: expect.any(Number), message: expect.stringContaining('401') },
      { reachable: false, authenticated: null, latencyMs: null, message: expect.stringContaining('ECONNREFUSED') },
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-03-01T09:30:00Z');

    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:30:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:29:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
