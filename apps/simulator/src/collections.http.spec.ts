import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyRangeChecksum, RecordView } from './store';
import { startSimulator, type TestSimulator } from './test/simulator-client';

type ListBody = { items: RecordView[]; nextCursor: string | null; total?: number; missing?: string[] };

type ChecksumBody = { ranges: KeyRangeChecksum[] };

const key = (record: RecordView) => `${record.updatedAt}|${record.id}`;

/** The checksum protocol written out with 64-bit integers, apart from the simulator's 32-bit halves. */
function referenceChecksums(ids: string[], ranges: number): KeyRangeChecksum[] {
  const sums = new Map<number, { count: number; xor: bigint }>();
  for (const id of ids) {
    const hash = createHash('md5').update(id, 'utf8').digest().readBigUInt64BE(0);
    const range = Number(hash & BigInt(ranges - 1));
    const sum = sums.get(range) ?? { count: 0, xor: 0n };
    sums.set(range, { count: sum.count + 1, xor: sum.xor ^ hash });
  }
  return [...sums]
    .sort(([a], [b]) => a - b)
    .map(([range, { count, xor }]) => ({ range, count, xor: xor.toString(16).padStart(16, '0') }));
}

describe('reading collections', () => {
  let sut: TestSimulator;
  afterEach(() => sut.close());

  it('pages through every record exactly once, in (updatedAt, id) order, when nothing changes', async () => {
    sut = await startSimulator({ seedCount: 250 });

    const items = await sut.pageAll('/vehicle?limit=37');

    expect(items).toHaveLength(250);
    expect(new Set(items.map((item) => item.id)).size).toBe(250);
    const keys = items.map(key);
    expect([...keys].sort()).toEqual(keys);
  });

  it('answers 100 records by default and refuses a page size over 1000', async () => {
    sut = await startSimulator({ seedCount: 150 });

    const first = await sut.call<ListBody>('/lead');
    const tooLarge = await sut.call('/lead?limit=1001');

    expect(first.body.items).toHaveLength(100);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.details).toEqual([{ field: 'querystring.limit', reason: 'must be <= 1000' }]);
  });

  it('ends with a null cursor on the last page', async () => {
    sut = await startSimulator({ seedCount: 10 });

    const { body } = await sut.call<ListBody>('/campaign?limit=10');

    expect(body.items).toHaveLength(10);
    expect(body.nextCursor).toBeNull();
  });

  it('returns only records changed after updated_since', async () => {
    sut = await startSimulator({ seedCount: 30 });
    const all = await sut.pageAll('/vehicle');
    const watermark = all[all.length - 1].updatedAt;
    await sut.call('/vehicle/veh_000003', {
      method: 'PUT',
      json: { ...all.find((v) => v.id === 'veh_000003'), price: 1 },
    });
    await sut.call('/lead/lead_000001', { method: 'PUT', json: { name: 'Ada Lovelace', status: 'won' } });

    const changed = await sut.pageAll(`/vehicle?updated_since=${encodeURIComponent(watermark)}`);

    expect(changed.map((item) => [item.id, item.version, item.price])).toEqual([['veh_000003', 2, 1]]);
  });

  it('keeps microseconds in updated_since and accepts other zones and plain dates', async () => {
    sut = await startSimulator({ seedCount: 5 });
    const [, second] = await sut.pageAll('/seller');

    const afterSecond = await sut.pageAll(`/seller?updated_since=${encodeURIComponent(second.updatedAt)}`);
    const fromDate = await sut.pageAll('/seller?updated_since=2000-01-01');
    const zoned = await sut.pageAll(`/seller?updated_since=${encodeURIComponent('2000-01-01T10:00:00+10:00')}`);
    const zoneless = await sut.call('/seller?updated_since=2000-01-01T10:00:00');

    expect(afterSecond.map((item) => item.id)).toEqual(['sel_000003', 'sel_000004', 'sel_000005']);
    expect(fromDate).toHaveLength(5);
    expect(zoned).toHaveLength(5);
    expect(zoneless.status).toBe(400);
  });

  it('shows a record changed during paging again later in the order, at its new version', async () => {
    sut = await startSimulator({ seedCount: 40 });
    const seen = await sut.pageAll('/vehicle?limit=10', async (pageIndex) => {
      if (pageIndex !== 1) return;
      // veh_000002 was on the first page; veh_000035 is still ahead of the cursor.
      for (const id of ['veh_000002', 'veh_000035']) {
        const { body } = await sut.call<RecordView>(`/vehicle/${id}`);
        await sut.call(`/vehicle/${id}`, { method: 'PUT', json: { ...body, colour: 'Purple' } });
      }
    });

    const versions = seen
      .filter((item) => ['veh_000002', 'veh_000035'].includes(item.id))
      .map((item) => [item.id, item.version]);
    expect(versions).toEqual([
      ['veh_000002', 1],
      ['veh_000002', 2],
      ['veh_000035', 2],
    ]);
    expect(new Set(seen.map((item) => item.id)).size).toBe(40);
  });

  it('refuses a cursor it did not issue and an invalid updated_since', async () => {
    sut = await startSimulator();

    const badCursor = await sut.call('/vehicle?cursor=not-a-cursor');
    const badSince = await sut.call('/vehicle?updated_since=yesterday');

    expect(badCursor.status).toBe(400);
    expect(badCursor.body.details).toEqual([{ field: 'cursor', reason: 'not a cursor this server issued' }]);
    expect(badSince.status).toBe(400);
  });

  it('fetches records by id and lists the ids it does not have', async () => {
    sut = await startSimulator();

    const { body } = await sut.call<ListBody>('/lead?ids=lead_000003,nope,lead_000001');

    expect(body.items.map((item) => item.id)).toEqual(['lead_000003', 'lead_000001']);
    expect(body.missing).toEqual(['nope']);
  });

  it('answers only the fields asked for, paging as usual', async () => {
    sut = await startSimulator({ seedCount: 5 });

    const { body } = await sut.call<ListBody>('/vehicle?limit=3&fields=id,make,nope');
    const next = await sut.call<ListBody>(`/vehicle?limit=3&fields=id&cursor=${body.nextCursor}`);

    expect(body.items).toEqual([
      { id: 'veh_000001', make: expect.any(String) },
      { id: 'veh_000002', make: expect.any(String) },
      { id: 'veh_000003', make: expect.any(String) },
    ]);
    expect(next.body.items).toEqual([{ id: 'veh_000004' }, { id: 'veh_000005' }]);
  });

  it('answers one record with its version as ETag, and 404 for a missing record or collection', async () => {
    sut = await startSimulator();

    const found = await sut.call<RecordView>('/campaign/cmp_000004');
    const missing = await sut.call('/campaign/cmp_999999');
    const noCollection = await sut.call('/spaceship');

    expect(found.status).toBe(200);
    expect(found.headers.get('etag')).toBe('"1"');
    expect(found.body).toMatchObject({ id: 'cmp_000004', version: 1, deleted: false });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'campaign cmp_999999 not found' });
    expect(noCollection.status).toBe(404);
    expect(noCollection.body.message).toBe('collection spaceship not found');
  });

  it('hides deleted records unless include_deleted=true, and shows the deletion to incremental readers', async () => {
    sut = await startSimulator({ seedCount: 10 });
    const before = await sut.pageAll('/vehicle');
    await sut.call('/vehicle/veh_000004', { method: 'DELETE' });
    const since = encodeURIComponent(before[before.length - 1].updatedAt);

    const live = await sut.pageAll('/vehicle');
    const changes = await sut.pageAll(`/vehicle?updated_since=${since}&include_deleted=true`);
    const single = await sut.call('/vehicle/veh_000004');
    const tombstone = await sut.call<RecordView>('/vehicle/veh_000004?include_deleted=true');

    expect(live.map((item) => item.id)).not.toContain('veh_000004');
    expect(changes).toMatchObject([{ id: 'veh_000004', version: 2, deleted: true }]);
    expect(single.status).toBe(404);
    expect(tombstone.body).toMatchObject({ id: 'veh_000004', deleted: true, make: before[3].make });
  });

  it('counts every record the query matches on a first page, and not on later pages', async () => {
    sut = await startSimulator({ seedCount: 20 });
    const before = await sut.pageAll('/vehicle');
    const since = encodeURIComponent(before[before.length - 1].updatedAt);
    await sut.call('/vehicle/veh_000004', { method: 'DELETE' });
    await sut.call('/vehicle/veh_000005', { method: 'PUT', json: { ...before[4], make: 'Kia' } });
    await sut.call('/vehicle/veh_000005', { method: 'PUT', json: { ...before[4], make: 'Seat' } });

    const live = await sut.call<ListBody>('/vehicle?limit=5');
    const withDeleted = await sut.call<ListBody>('/vehicle?limit=5&include_deleted=true');
    const changed = await sut.call<ListBody>(`/vehicle?limit=1&updated_since=${since}&include_deleted=true`);
    const later = await sut.call<ListBody>(`/vehicle?limit=5&cursor=${live.body.nextCursor}`);

    expect([live.body.total, withDeleted.body.total, changed.body.total]).toEqual([19, 20, 2]);
    expect(later.body.total).toBeUndefined();
  });
});

describe('key checksums', () => {
  let sut: TestSimulator;
  afterEach(() => sut.close());

  it("answers the checksums of the live records' ids, range by range", async () => {
    sut = await startSimulator({ seedCount: 300 });
    await sut.call('/vehicle/veh_000007', { method: 'DELETE' });
    const created = await sut.call('/vehicle', {
      method: 'POST',
      json: { id: 'ext:Golf-42', stockNumber: 'STK00042', make: 'VW', model: 'Golf', year: 2020 },
    });
    const live = (await sut.pageAll('/vehicle?limit=1000')).map((record) => record.id);

    const { status, body } = await sut.call<ChecksumBody>('/vehicle/_checksums?ranges=16');

    expect([created.status, status]).toEqual([201, 200]);
    expect(live).toHaveLength(300);
    expect(body.ranges).toEqual(referenceChecksums(live, 16));
  });

  it("takes a deleted record out of its range's checksum", async () => {
    sut = await startSimulator({ seedCount: 50 });
    const before = await sut.call<ChecksumBody>('/lead/_checksums?ranges=4');
    const range = referenceChecksums(['lead_000010'], 4)[0].range;

    await sut.call('/lead/lead_000010', { method: 'DELETE' });
    const after = await sut.call<ChecksumBody>('/lead/_checksums?ranges=4');

    const inRange = (body: ChecksumBody) => body.ranges.find((sum) => sum.range === range)!;
    expect(inRange(after.body).count).toBe(inRange(before.body).count - 1);
    expect(inRange(after.body).xor).not.toBe(inRange(before.body).xor);
    expect(after.body.ranges.filter((sum) => sum.range !== range)).toEqual(
      before.body.ranges.filter((sum) => sum.range !== range),
    );
  });

  it('uses 256 ranges by default', async () => {
    sut = await startSimulator({ seedCount: 400 });
    const live = (await sut.pageAll('/seller?limit=1000')).map((record) => record.id);

    const { body } = await sut.call<ChecksumBody>('/seller/_checksums');

    expect(body.ranges).toEqual(referenceChecksums(live, 256));
  });

  it('refuses a number of ranges that is not a power of two or out of bounds', async () => {
    sut = await startSimulator();

    const three = await sut.call('/vehicle/_checksums?ranges=3');
    const tooMany = await sut.call('/vehicle/_checksums?ranges=131072');

    expect(three.status).toBe(400);
    expect(three.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid ranges',
      details: [{ field: 'ranges', reason: 'must be a power of two' }],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details).toEqual([{ field: 'querystring.ranges', reason: 'must be <= 65536' }]);
  });
});
