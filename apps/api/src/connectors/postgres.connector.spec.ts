import { randomBytes } from 'node:crypto';
import type { PostgresConnectorConfig } from '@syncline/contracts';
import fc from 'fast-check';
import { Client, types } from 'pg';
import { keyChecksums, readAll, testContext } from '../test/connector-testing';
import { isoInstant, PostgresConnector } from './postgres.connector';

const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DATABASE = `syncline_conn_${randomBytes(5).toString('hex')}`;
const URL_OF_DATABASE = `${SERVER}/${DATABASE}`;

const context = testContext({ retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });

const config = (overrides: Partial<PostgresConnectorConfig> = {}): PostgresConnectorConfig => ({
  type: 'postgres',
  url: URL_OF_DATABASE,
  table: 'stock_{entity}',
  keyColumn: 'id',
  updatedAtColumn: 'updated_at',
  ...overrides,
});

describe('PostgresConnector', () => {
  let admin: Client;
  let db: Client;
  let sut: PostgresConnector;

  beforeAll(async () => {
    admin = new Client({ connectionString: `${SERVER}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${DATABASE}"`);
    db = new Client({ connectionString: URL_OF_DATABASE });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.end();
  });

  beforeEach(async () => {
    await db.query(`DROP TABLE IF EXISTS stock_vehicle`);
    await db.query(`CREATE TABLE stock_vehicle (
      id text PRIMARY KEY, make text, year int, price numeric(12, 2), sold_on date, extras jsonb,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    sut = new PostgresConnector(config(), context());
  });

  afterEach(() => sut.close());

  const insert = (id: string, updatedAt: string, make = 'Toyota') =>
    db.query(`INSERT INTO stock_vehicle (id, make, year, updated_at) VALUES ($1, $2, 2020, $3)`, [id, make, updatedAt]);
  const updatedAtOf = async (id: string): Promise<string> =>
    (await db.query(`SELECT updated_at::text AS v FROM stock_vehicle WHERE id = $1`, [id])).rows[0].v;

  it('pages by (updated_at, key) without skipping or repeating rows that share a timestamp', async () => {
    const same = '2026-03-01 09:30:00.123456+00';
    for (const id of ['e', 'c', 'a', 'd', 'b']) await insert(id, same);
    await insert('z', '2026-03-01 09:30:00.123455+00');
    await insert('y', '2026-03-01 09:30:00.123457+00');

    const { records } = await readAll(sut, 2);

    expect(records.map((record) => record.key)).toEqual(['z', 'a', 'b', 'c', 'd', 'e', 'y']);
    expect(records[1]).toMatchObject({
      version: '2026-03-01 09:30:00.123456+00',
      updatedAt: new Date('2026-03-01T09:30:00.123Z'),
      data: { id: 'a', make: 'Toyota', year: 2020, updated_at: '2026-03-01T09:30:00.123Z' },
    });
  });

  it('lists versions in the same order, with the same positions, as the records', async () => {
    for (const id of ['b', 'a', 'c']) await insert(id, '2026-03-01 09:30:00.123456+00');
    await insert('d', '2026-03-01 09:30:00.123455+00');

    const versions = await sut.listVersions(null, 3);
    const records = await sut.listChanged(null, 3);
    const rest = await sut.listVersions(versions.position, 3);

    expect(versions.records).toEqual(records.records.map(({ key, version }) => ({ key, version, deleted: false })));
    expect(versions.position).toBe(records.position);
    expect(versions.done).toBe(false);
    expect(rest).toEqual({
      records: [{ key: 'c', version: '2026-03-01 09:30:00.123456+00', deleted: false }],
      position: JSON.stringify(['2026-03-01 09:30:00.123456+00', 'c']),
      done: true,
      rejected: [],
    });
  });

  it('reads only rows changed after the position, to the microsecond', async () => {
    await insert('a', '2026-03-01 09:30:00.000001+00');
    await insert('b', '2026-03-01 09:30:00.000002+00');
    const first = await readAll(sut, 10);

    await insert('c', '2026-03-01 09:30:00.000003+00');
    await insert('old', '2026-03-01 09:30:00.000001+00');
    const second = await readAll(sut, 10, first.position);
    const third = await sut.listChanged(second.position, 10);

    expect(first.records.map((record) => record.key)).toEqual(['a', 'b']);
    expect(second.records.map((record) => record.key)).toEqual(['c']);
    expect(third).toEqual({ records: [], position: second.position, done: true, rejected: [] });
  });

  it('counts what the feed holds after a position, for the progress total', async () => {
    await insert('a', '2026-03-01 09:30:00.000001+00');
    await insert('b', '2026-03-01 09:30:00.000002+00');
    const first = await sut.listChanged(null, 1);

    await insert('c', '2026-03-01 09:30:00.000003+00');

    expect(await sut.countChanged(null)).toBe(3);
    expect(await sut.countChanged(first.position)).toBe(2);
  });

  it('returns rows as JSON-safe values: numeric as text, dates unshifted', async () => {
    await sut.upsert([
      { key: 'v1', data: { make: 'Ford', price: '12345.5', sold_on: '2026-02-28', extras: { tow: true } } },
    ]);

    const found = await sut.getByKeys(['v1', 'missing']);

    expect([...found.keys()]).toEqual(['v1']);
    expect(found.get('v1')!.data).toMatchObject({
      price: '12345.50',
      sold_on: '2026-02-28',
      extras: { tow: true },
      year: null,
    });
    expect(JSON.parse(JSON.stringify(found.get('v1')!.data))).toEqual(found.get('v1')!.data);
  });

  it('inserts and updates in one batch, stamping updated_at', async () => {
    await insert('old', '2020-01-01 00:00:00+00');

    const outcomes = await sut.upsert([
      { key: 'new', data: { make: 'Mazda', year: 2024, price: 19999.999 } },
      { key: 'old', data: { make: 'Honda' } },
    ]);

    const stored = await sut.getByKeys(['new', 'old']);
    expect(outcomes).toEqual([
      { key: 'new', ok: true, changed: true, version: await updatedAtOf('new'), stored: stored.get('new') },
      { key: 'old', ok: true, changed: true, version: await updatedAtOf('old'), stored: stored.get('old') },
    ]);
    // The outcome carries the row as stored, not as sent: the column rounds the price.
    expect(stored.get('new')!.data).toMatchObject({ price: '20000.00' });
    const { rows } = await db.query(`SELECT id, make, year, updated_at > now() - interval '1 minute' AS fresh
      FROM stock_vehicle ORDER BY id`);
    expect(rows).toEqual([
      { id: 'new', make: 'Mazda', year: 2024, fresh: true },
      { id: 'old', make: 'Honda', year: 2020, fresh: true },
    ]);
  });

  it('changes nothing, not even updated_at, for a write equal to the row', async () => {
    await insert('same', '2020-01-01 00:00:00.000001+00', 'Kia');

    const [outcome] = await sut.upsert([{ key: 'same', data: { make: 'Kia', year: 2020 } }]);

    expect(outcome).toEqual({
      key: 'same',
      ok: true,
      changed: false,
      version: '2020-01-01 00:00:00.000001+00',
      stored: (await sut.getByKeys(['same'])).get('same'),
    });
    expect(await updatedAtOf('same')).toBe('2020-01-01 00:00:00.000001+00');
  });

  it('refuses a write whose expected version is stale, and applies a current one', async () => {
    await insert('v', '2020-01-01 00:00:00.000001+00');
    const [read] = (await sut.listChanged(null, 10)).records;
    await db.query(`UPDATE stock_vehicle SET make = 'Changed', updated_at = '2020-01-01 00:00:00.000002+00'`);

    const [stale] = await sut.upsert([{ key: 'v', data: { make: 'Mine' }, expectedVersion: read.version }]);
    const [current] = await sut.upsert([
      { key: 'v', data: { make: 'Mine' }, expectedVersion: '2020-01-01 00:00:00.000002+00' },
    ]);

    expect(stale).toMatchObject({ key: 'v', ok: false, error: { category: 'conflict' } });
    expect(stale.ok || stale.error.message).toContain('changed since it was read');
    expect(current).toMatchObject({ key: 'v', ok: true, changed: true });
    expect((await db.query(`SELECT make FROM stock_vehicle`)).rows).toEqual([{ make: 'Mine' }]);
  });

  it('fails only the record with a bad value in a batch', async () => {
    const outcomes = await sut.upsert([
      { key: 'good-1', data: { year: 2001 } },
      { key: 'bad', data: { year: 'nineteen' } },
      { key: 'good-2', data: { year: 2002 } },
    ]);

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({
      key: 'bad',
      ok: false,
      error: { category: 'validation', message: expect.stringContaining('invalid input syntax for type integer') },
    });
    expect((await db.query(`SELECT id FROM stock_vehicle ORDER BY id`)).rows).toEqual([
      { id: 'good-1' },
      { id: 'good-2' },
    ]);
  });

  it('refuses data naming a column the table does not have, writing the others', async () => {
    const [unknown, known] = await sut.upsert([
      { key: 'a', data: { make: 'BMW', wheels: 4 } },
      { key: 'b', data: { make: 'BMW' } },
    ]);

    expect(unknown).toMatchObject({
      ok: false,
      error: { category: 'validation', options: { details: [{ field: 'wheels' }] } },
    });
    expect(known.ok).toBe(true);
    expect((await db.query(`SELECT id FROM stock_vehicle`)).rows).toEqual([{ id: 'b' }]);
  });

  it('deletes by key, with the same version check', async () => {
    for (const id of ['a', 'b', 'c']) await insert(id, '2020-01-01 00:00:00+00');

    const outcomes = await sut.delete([
      { key: 'a' },
      { key: 'b', expectedVersion: '2019-12-31 00:00:00+00' },
      { key: 'c', expectedVersion: '2020-01-01 00:00:00+00' },
      { key: 'never-there' },
    ]);

    expect(outcomes).toEqual([
      { key: 'a', ok: true, version: null, changed: true },
      { key: 'b', ok: false, error: expect.objectContaining({ category: 'conflict' }) },
      { key: 'c', ok: true, version: null, changed: true },
      { key: 'never-there', ok: true, version: null, changed: false },
    ]);
    expect((await db.query(`SELECT id FROM stock_vehicle`)).rows).toEqual([{ id: 'b' }]);
  });

  it('counts rows and lists every key in key order', async () => {
    await db.query(
      `INSERT INTO stock_vehicle (id) SELECT 'k' || lpad(n::text, 5, '0') FROM generate_series(1, 5200) n`,
    );

    const batches: string[][] = [];
    for await (const batch of sut.listKeys()) batches.push(batch);

    expect(await sut.count()).toBe(5200);
    expect(batches.map((batch) => batch.length)).toEqual([5000, 200]);
    expect(batches.flat()).toEqual(Array.from({ length: 5200 }, (_, i) => `k${String(i + 1).padStart(5, '0')}`));
  });

  it('computes the same key checksums in the database as in JS, for any keys', async () => {
    const keys = fc.uniqueArray(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((key) => !key.includes('\u0000')),
      { maxLength: 60 },
    );
    await fc.assert(
      fc.asyncProperty(keys, fc.constantFrom(1, 4, 64), async (ids, ranges) => {
        await db.query(`TRUNCATE stock_vehicle`);
        await db.query(`INSERT INTO stock_vehicle (id) SELECT unnest($1::text[])`, [ids]);
        expect(await sut.keyChecksums(ranges)).toEqual(keyChecksums(ids, ranges));
      }),
      { numRuns: 25 },
    );
  });

  it('reports a reachable database, naming a missing table', async () => {
    const found = await sut.testConnection();
    const missing = new PostgresConnector(config({ table: 'nowhere_{entity}' }), context());

    const check = await missing.testConnection();
    await missing.close();

    expect(found).toMatchObject({ reachable: true, authenticated: true, latencyMs: expect.any(Number) });
    expect(check).toMatchObject({ reachable: true, authenticated: true });
    expect(check.message).toContain('public.nowhere_vehicle does not exist');
  });

  it('reports an unreachable server and a missing database', async () => {
    const unreachable = new PostgresConnector(config({ url: 'postgres://postgres@127.0.0.1:1/x' }), context());
    const noDatabase = new PostgresConnector(config({ url: `${SERVER}/${DATABASE}_missing` }), context());

    const [down, missing] = await Promise.all([unreachable.testConnection(), noDatabase.testConnection()]);
    await Promise.all([unreachable.close(), noDatabase.close()]);

    expect(down).toMatchObject({ reachable: false, authenticated: null, latencyMs: null });
    expect(down.message).toContain('ECONNREFUSED');
    expect(missing).toMatchObject({ reachable: true });
    expect(missing.message).toContain('does not exist');
  });

  it('retries a refused connection as a network error, then gives up', async () => {
    const onRetry = jest.fn();
    const unreachable = new PostgresConnector(
      config({ url: 'postgres://postgres@127.0.0.1:1/x' }),
      context({ onRetry, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }),
    );

    const error = await unreachable.count().catch((e: unknown) => e);
    await unreachable.close();

    expect(error).toMatchObject({ category: 'network', retryable: true });
    expect(onRetry.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2]);
  });

  it('fills {entity} into the schema and table names', async () => {
    await db.query(`CREATE SCHEMA erp_lead`);
    await db.query(`CREATE TABLE erp_lead."Lead Rows" (code int PRIMARY KEY, name text, changed timestamptz NOT NULL)`);
    const leads = new PostgresConnector(
      config({ schema: 'erp_{entity}', table: 'Lead Rows', keyColumn: 'code', updatedAtColumn: 'changed' }),
      context({ entityType: 'lead' }),
    );

    const [written] = await leads.upsert([{ key: '7', data: { name: 'Ann' } }]);
    const page = await leads.listChanged(null, 10);
    const byKey = await leads.getByKeys(['7']);
    await leads.close();

    expect(written).toMatchObject({ ok: true, changed: true });
    expect(page.records.map((record) => [record.key, record.data])).toEqual([
      ['7', { code: 7, name: 'Ann', changed: expect.any(String) }],
    ]);
    expect(byKey.get('7')?.version).toBe(page.records[0].version);
  });
});

describe('isoInstant', () => {
  const viaDate = (text: string) => (types.getTypeParser(types.builtins.TIMESTAMPTZ)(text) as Date).toISOString();

  it('gives what a Date would, for every instant PostgreSQL prints in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (date, micros) => {
          const [day, time] = date.toISOString().replace('Z', '').split('T');
          const fraction = `${time.slice(9)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
          const text = `${day} ${time.slice(0, 8)}${fraction ? `.${fraction}` : ''}+00`;
          expect(isoInstant(text)).toBe(viaDate(text));
        },
      ),
    );
  });

  it('takes the long way for years before Christ and other offsets', () => {
    expect(isoInstant('0044-03-15 12:00:00+00 BC')).toBe(viaDate('0044-03-15 12:00:00+00 BC'));
    expect(isoInstant('2026-03-01 09:30:00.5+02')).toBe('2026-03-01T07:30:00.500Z');
  });
});
