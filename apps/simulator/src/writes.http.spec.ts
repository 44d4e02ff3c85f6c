import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordView } from './store';
import { startSimulator, type TestSimulator } from './test/simulator-client';

const vehicle = (overrides: Record<string, unknown> = {}) => ({
  stockNumber: 'STK90001',
  make: 'Toyota',
  model: 'Corolla',
  year: 2021,
  price: 24990,
  odometer: 41000,
  colour: 'White',
  status: 'available',
  ...overrides,
});

interface BatchBody {
  results: { op: string; id: string | null; status: number; version?: number; message?: string }[];
}

describe('writing records', () => {
  let sut: TestSimulator;
  beforeEach(async () => {
    sut = await startSimulator({ seedCount: 3 });
  });
  afterEach(() => sut.close());

  it('creates a record with a new id, version 1, ETag and Location', async () => {
    const { status, headers, body } = await sut.call<RecordView>('/vehicle', { method: 'POST', json: vehicle() });

    expect(status).toBe(201);
    expect(body).toMatchObject({ id: 'veh_000004', version: 1, deleted: false, make: 'Toyota' });
    expect(body.createdAt).toBe(body.updatedAt);
    expect(headers.get('etag')).toBe('"1"');
    expect(headers.get('location')).toBe('/vehicle/veh_000004');
  });

  it('answers 409 when creating an id that exists', async () => {
    const { status } = await sut.call('/vehicle', { method: 'POST', json: vehicle({ id: 'veh_000002' }) });

    expect(status).toBe(409);
  });

  it('upserts with PUT: 201 for a new id, 200 and version + 1 for an existing one', async () => {
    const created = await sut.call<RecordView>('/vehicle/dms-77', { method: 'PUT', json: vehicle() });
    const updated = await sut.call<RecordView>('/vehicle/dms-77', { method: 'PUT', json: vehicle({ price: 23990 }) });

    expect(created.status).toBe(201);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 'dms-77', version: 2, price: 23990, createdAt: created.body.createdAt });
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(updated.body.updatedAt > created.body.updatedAt).toBe(true);
  });

  it('keeps the version when a write changes nothing, so a retried write is harmless', async () => {
    const { body: current } = await sut.call<RecordView>('/vehicle/veh_000001');

    const again = await sut.call<RecordView>('/vehicle/veh_000001', { method: 'PUT', json: current });

    expect(again.status).toBe(200);
    expect(again.body).toEqual(current);
  });

  it('applies a write whose If-Match names the current version and answers 412 otherwise', async () => {
    const { body: current } = await sut.call<RecordView>('/vehicle/veh_000002');

    const stale = await sut.call('/vehicle/veh_000002', {
      method: 'PUT',
      headers: { 'if-match': '"7"' },
      json: current,
    });
    const fresh = await sut.call<RecordView>('/vehicle/veh_000002', {
      method: 'PUT',
      headers: { 'if-match': '"1"' },
      json: { ...current, price: 1 },
    });
    const missing = await sut.call('/vehicle/nope', { method: 'PUT', headers: { 'if-match': '*' }, json: vehicle() });
    const weak = await sut.call('/vehicle/veh_000002', {
      method: 'PUT',
      headers: { 'if-match': 'W/"2"' },
      json: current,
    });

    expect(stale.status).toBe(412);
    expect(stale.body.message).toBe('vehicle veh_000002 is at version 1');
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(2);
    expect(missing.status).toBe(412);
    expect(weak.status).toBe(412);
  });

  it('refuses a record with wrong field types or missing required fields, naming the fields', async () => {
    const { status, body } = await sut.call('/vehicle/veh_000001', {
      method: 'PUT',
      json: vehicle({ year: 'twenty', make: undefined, status: 'stolen' }),
    });
    const unchanged = await sut.call<RecordView>('/vehicle/veh_000001');

    expect(status).toBe(422);
    expect(body.details).toEqual([
      { field: 'make', reason: 'is required' },
      { field: 'year', reason: 'must be an integer' },
      { field: 'status', reason: 'must be one of available, reserved, sold' },
    ]);
    expect(unchanged.body.version).toBe(1);
  });

  it('refuses a body id that differs from the path', async () => {
    const { status } = await sut.call('/vehicle/veh_000001', { method: 'PUT', json: vehicle({ id: 'veh_000002' }) });

    expect(status).toBe(422);
  });

  it('ignores fields the simulator owns (version, updatedAt, deleted)', async () => {
    const { body } = await sut.call<RecordView>('/vehicle/x-1', {
      method: 'PUT',
      json: vehicle({ version: 99, updatedAt: '2000-01-01T00:00:00.000000Z', deleted: true }),
    });

    expect(body).toMatchObject({ version: 1, deleted: false });
    expect(body.updatedAt > '2001').toBe(true);
  });

  it('soft-deletes with a new version; deleting again changes nothing; a stale If-Match gets 412', async () => {
    const stale = await sut.call('/lead/lead_000001', { method: 'DELETE', headers: { 'if-match': '"5"' } });
    const first = await sut.call<RecordView>('/lead/lead_000001', { method: 'DELETE' });
    const second = await sut.call<RecordView>('/lead/lead_000001', { method: 'DELETE' });
    const never = await sut.call('/lead/lead_999999', { method: 'DELETE' });

    expect(stale.status).toBe(412);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: 'lead_000001', version: 2, deleted: true });
    expect(first.headers.get('etag')).toBe('"2"');
    expect(second.body).toEqual(first.body);
    expect(never.status).toBe(404);
  });

  it('revives a deleted record on upsert, continuing its version', async () => {
    await sut.call('/campaign/cmp_000001', { method: 'DELETE' });

    const { status, body } = await sut.call<RecordView>('/campaign/cmp_000001', {
      method: 'PUT',
      json: { name: 'Back again', status: 'active' },
    });

    expect(status).toBe(201);
    expect(body).toMatchObject({ version: 3, deleted: false, name: 'Back again' });
  });

  it('applies a batch of upserts and deletes and answers each item with its status and version', async () => {
    const { status, body } = await sut.call<BatchBody>('/vehicle/batch', {
      method: 'POST',
      json: {
        upserts: [
          vehicle({ id: 'new-1' }),
          vehicle({ id: 'veh_000001', price: 1000, expectedVersion: 1 }),
          vehicle({ id: 'veh_000002', price: 2000, expectedVersion: 9 }),
          vehicle({ id: 'bad-1', year: 'soon' }),
          vehicle(),
        ],
        deletes: ['veh_000003', { id: 'nope' }],
      },
    });
    const priced = await sut.call<RecordView>('/vehicle/veh_000001');

    expect(status).toBe(200);
    expect(body.results.map(({ op, id, status: itemStatus, version }) => [op, id, itemStatus, version])).toEqual([
      ['upsert', 'new-1', 201, 1],
      ['upsert', 'veh_000001', 200, 2],
      ['upsert', 'veh_000002', 412, undefined],
      ['upsert', 'bad-1', 422, undefined],
      ['upsert', null, 422, undefined],
      ['delete', 'veh_000003', 200, 2],
      ['delete', 'nope', 404, undefined],
    ]);
    expect(priced.body).toMatchObject({ price: 1000, version: 2 });
    expect(priced.body).not.toHaveProperty('expectedVersion');
  });

  it('applies 1000 writes in one batch and refuses 1001', async () => {
    const upserts = Array.from({ length: 1000 }, (_, i) => vehicle({ id: `bulk-${i}`, stockNumber: `B${i}` }));

    const full = await sut.call<BatchBody>('/vehicle/batch', { method: 'POST', json: { upserts } });
    const tooMany = await sut.call('/vehicle/batch', { method: 'POST', json: { upserts, deletes: ['bulk-1'] } });
    const stored = await sut.pageAll('/vehicle?limit=1000');

    expect(full.body.results.every((result) => result.status === 201)).toBe(true);
    expect(tooMany.status).toBe(400);
    expect(stored).toHaveLength(1003);
  });
});
