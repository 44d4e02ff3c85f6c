import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from './mutations';
import type { RecordView } from './store';
import { startSimulator, type TestSimulator } from './test/simulator-client';

// Timestamps depend on when a simulator starts; everything else must follow from the seed.
const withoutTimes = (records: RecordView[]) => records.map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);

interface Stats {
  collections: Record<string, { live: number; deleted: number }>;
  requests: { total: number; byStatus: Record<string, number> };
  mutations: number;
}

describe('seeding, mutations and the control endpoints', () => {
  let sut: TestSimulator;
  afterEach(() => sut.close());

  it('seeds the same records for the same seed and different ones for another seed', async () => {
    const seeded = async (seedRandom: number) => {
      const sim = await startSimulator({ seedCount: 50, seedRandom });
      const records = await Promise.all(
        ['vehicle', 'lead', 'campaign', 'seller'].map((name) => sim.pageAll(`/${name}`)),
      );
      await sim.close();
      return records.map(withoutTimes);
    };

    const [first, again, other] = [await seeded(42), await seeded(42), await seeded(43)];
    sut = await startSimulator();

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('seeds realistic, valid records whose leads point at seeded vehicles', async () => {
    sut = await startSimulator({ seedCount: 30 });

    const vehicles = await sut.pageAll('/vehicle');
    const leads = await sut.pageAll('/lead');
    const [campaign] = await sut.pageAll('/campaign?limit=1');
    const [seller] = await sut.pageAll('/seller?limit=1');

    expect(vehicles[0]).toMatchObject({
      id: 'veh_000001',
      stockNumber: 'STK10001',
      make: expect.any(String),
      model: expect.any(String),
      year: expect.any(Number),
      price: expect.any(Number),
      odometer: expect.any(Number),
      colour: expect.any(String),
      status: expect.stringMatching(/^(available|reserved|sold)$/),
      version: 1,
      deleted: false,
    });
    const vehicleIds = new Set(vehicles.map((vehicle) => vehicle.id));
    expect(leads.every((lead) => vehicleIds.has(lead.vehicleId as string))).toBe(true);
    expect(leads[0].email).toMatch(/@example\.com$/);
    expect(campaign).toMatchObject({
      name: expect.any(String),
      budget: expect.any(Number),
      startDate: expect.stringMatching(/^2025-/),
    });
    expect(seller.sellerNumber).toMatch(/^S-\d{6}$/);
  });

  it('gives every change a distinct, later updatedAt across all collections', async () => {
    sut = await startSimulator({ seedCount: 200 });

    const all = (
      await Promise.all(['vehicle', 'lead', 'campaign', 'seller'].map((name) => sut.pageAll(`/${name}`)))
    ).flat();
    const times = all.map((record) => record.updatedAt).sort();

    expect(new Set(times).size).toBe(800);
    expect(times[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it('serves only the configured collections', async () => {
    sut = await startSimulator({ collections: ['campaign'] });

    expect((await sut.call('/campaign')).status).toBe(200);
    expect((await sut.call('/vehicle')).status).toBe(404);
  });

  it('changes records on demand, bumping version and updatedAt', async () => {
    sut = await startSimulator({ seedCount: 20 });

    const { body } = await sut.call<{ changes: Change[] }>('/_sim/mutate', {
      method: 'POST',
      json: { count: 25, collection: 'vehicle' },
    });
    const changedVehicle = body.changes.find((change) => change.op === 'update');
    const { body: record } = await sut.call<RecordView>(`/vehicle/${changedVehicle?.id}`);

    expect(body.changes.length).toBeGreaterThanOrEqual(20);
    expect(body.changes.every((change) => change.collection === 'vehicle')).toBe(true);
    expect(record.version).toBeGreaterThan(1);
    expect(record.updatedAt > record.createdAt).toBe(true);
  });

  it('creates and deletes some records among many changes', async () => {
    sut = await startSimulator({ seedCount: 20 });

    const { body } = await sut.call<{ changes: Change[] }>('/_sim/mutate', { method: 'POST', json: { count: 400 } });
    const ops = new Set(body.changes.map((change) => change.op));
    const stats = await sut.call<Stats>('/_sim/stats');

    expect(ops).toEqual(new Set(['create', 'update', 'delete']));
    expect(stats.body.mutations).toBe(body.changes.length);
    expect(Object.values(stats.body.collections).some((counts) => counts.deleted > 0)).toBe(true);
  });

  it('changes records on its own every --mutate-every ms', async () => {
    sut = await startSimulator({ seedCount: 20, mutateEveryMs: 50, mutateCount: 5 });
    const start = new Date().toISOString();

    await new Promise((resolve) => setTimeout(resolve, 300));
    const changed = await Promise.all(
      ['vehicle', 'lead', 'campaign', 'seller'].map((name) =>
        sut.pageAll(`/${name}?updated_since=${start}&include_deleted=true`),
      ),
    );

    expect(changed.flat().length).toBeGreaterThan(5);
  });

  it('reseeds on reset, optionally with another size', async () => {
    sut = await startSimulator({ seedCount: 10 });
    const before = withoutTimes(await sut.pageAll('/lead'));
    await sut.call('/_sim/mutate', { method: 'POST', json: { count: 50, collection: 'lead' } });

    await sut.call('/_sim/reset', { method: 'POST' });
    const reset = withoutTimes(await sut.pageAll('/lead'));
    const resized = await sut.call<{ collections: Stats['collections'] }>('/_sim/reset', {
      method: 'POST',
      json: { seedCount: 3 },
    });

    expect(reset).toEqual(before);
    expect(resized.body.collections.lead).toEqual({ live: 3, deleted: 0 });
  });

  it('counts requests by status', async () => {
    sut = await startSimulator();
    await sut.call('/vehicle');
    await sut.call('/vehicle/nope');
    await sut.call('/vehicle', { headers: { authorization: '' } });

    const { body } = await sut.call<Stats>('/_sim/stats');

    expect(body.requests.total).toBe(4);
    expect(body.requests.byStatus).toEqual({ 200: 1, 404: 1, 401: 1 });
    expect(body.collections.vehicle).toEqual({ live: 20, deleted: 0 });
  });
});
