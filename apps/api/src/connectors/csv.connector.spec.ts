import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CsvConnectorConfig } from '@syncline/contracts';
import { readAll, testContext } from '../test/connector-testing';
import { CsvConnector } from './csv.connector';

const context = testContext({ entityType: 'seller' });

describe('CsvConnector', () => {
  let dir: string;
  let file: string;
  let sut: CsvConnector;
  const config = (overrides: Partial<CsvConnectorConfig> = {}): CsvConnectorConfig => ({
    type: 'csv',
    path: join(dir, '{entity}s.csv'),
    keyColumn: 'id',
    ...overrides,
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'syncline-csv-'));
    file = join(dir, 'sellers.csv');
    sut = new CsvConnector(config(), context());
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads nothing from a missing file and creates it on the first write', async () => {
    expect(await sut.listChanged(null, 10)).toEqual({ records: [], position: null, done: true, rejected: [] });

    const outcomes = await sut.upsert([
      { key: 'S-2', data: { name: 'Bea', region: 'VIC' } },
      { key: 'S-1', data: { name: 'Al' } },
    ]);

    expect(outcomes.map((outcome) => outcome.ok && outcome.changed)).toEqual([true, true]);
    expect(await readFile(file, 'utf8')).toBe('id,name,region\nS-2,Bea,VIC\nS-1,Al,\n');
  });

  it('round-trips records, keeping the existing column order and adding new columns at the end', async () => {
    await writeFile(file, 'name,id\nAl,S-1\n');

    await sut.upsert([{ key: 'S-2', data: { name: 'Bea', email: 'bea@example.test', score: 7 } }]);
    const { records } = await readAll(sut, 10);

    expect(await readFile(file, 'utf8')).toBe('name,id,email,score\nAl,S-1,,\nBea,S-2,bea@example.test,7\n');
    expect(records.map((record) => [record.key, record.data])).toEqual([
      ['S-1', { name: 'Al', id: 'S-1', email: '', score: '' }],
      ['S-2', { name: 'Bea', id: 'S-2', email: 'bea@example.test', score: '7' }],
    ]);
  });

  it('quotes commas, quotes and newlines so they read back unchanged', async () => {
    const tricky = { name: 'Smith, "Jo"', note: 'line one\nline two', empty: null };

    await sut.upsert([{ key: 'S-1', data: tricky }]);
    const found = await sut.getByKeys(['S-1']);

    expect(found.get('S-1')?.data).toEqual({ id: 'S-1', name: 'Smith, "Jo"', note: 'line one\nline two', empty: '' });
    expect(await readFile(file, 'utf8')).toContain('"Smith, ""Jo"""');
  });

  it('keeps every row when upserts run at the same time', async () => {
    const one = new CsvConnector(config(), context());
    const other = new CsvConnector(config(), context());

    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : other).upsert([{ key: `S-${i}`, data: { n: i } }])),
    );

    expect(await sut.count()).toBe(20);
  });

  it('replaces the file by renaming a complete temporary file, leaving nothing behind', async () => {
    await sut.upsert([{ key: 'S-1', data: { name: 'Al' } }]);
    const before = await readFile(file, 'utf8');

    const reads = [];
    for (let i = 0; i < 30; i++) {
      reads.push(sut.upsert([{ key: `S-${i + 2}`, data: { name: 'x'.repeat(1000) } }]), readFile(file, 'utf8'));
    }
    const texts = (await Promise.all(reads)).filter((text): text is string => typeof text === 'string');

    expect(before).toBe('id,name\nS-1,Al\n');
    for (const text of texts) expect(text.endsWith('\n') && text.startsWith('id,name\nS-1,Al\n')).toBe(true);
    expect(await readdir(dir)).toEqual(['sellers.csv']);
  });

  it('refuses a write or delete whose expected version is stale', async () => {
    await sut.upsert([{ key: 'S-1', data: { name: 'Al' } }]);
    const [read] = (await sut.listChanged(null, 10)).records;
    await sut.upsert([{ key: 'S-1', data: { name: 'Alan' } }]);

    const [stale] = await sut.upsert([{ key: 'S-1', data: { name: 'Mine' }, expectedVersion: read.version }]);
    const [staleDelete] = await sut.delete([{ key: 'S-1', expectedVersion: read.version }]);
    const current = (await sut.getByKeys(['S-1'])).get('S-1')!;
    const [fresh] = await sut.upsert([{ key: 'S-1', data: { name: 'Mine' }, expectedVersion: current.version }]);

    expect(stale).toMatchObject({ ok: false, error: { category: 'conflict' } });
    expect(staleDelete).toMatchObject({ ok: false, error: { category: 'conflict' } });
    expect(fresh).toMatchObject({ ok: true, changed: true });
    expect(fresh.ok && fresh.version).not.toBe(current.version);
    expect((await sut.getByKeys(['S-1'])).get('S-1')?.data?.name).toBe('Mine');
  });

  it('reports an equal write as unchanged and leaves the file alone', async () => {
    await sut.upsert([{ key: 'S-1', data: { name: 'Al', region: 'NSW' } }]);
    const before = await readFile(file, 'utf8');

    const [outcome] = await sut.upsert([{ key: 'S-1', data: { region: 'NSW' } }]);

    expect(outcome).toMatchObject({ ok: true, changed: false });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('deletes rows by key', async () => {
    await sut.upsert(['S-1', 'S-2', 'S-3'].map((key) => ({ key, data: {} })));

    const outcomes = await sut.delete([{ key: 'S-2' }, { key: 'S-9' }]);

    expect(outcomes).toEqual([
      { key: 'S-2', ok: true, version: null, changed: true },
      { key: 'S-9', ok: true, version: null, changed: false },
    ]);
    expect(await readFile(file, 'utf8')).toBe('id\nS-1\nS-3\n');
  });

  it('pages by key, and reads everything again next time without an updated-at column', async () => {
    await writeFile(file, 'id,name\nc,C\na,A\n,nameless\nb,B\n');

    const first = await sut.listChanged(null, 2);
    const second = await sut.listChanged(first.position, 2);

    expect(first.records.map((record) => record.key)).toEqual(['a', 'b']);
    expect(first.rejected).toEqual([{ key: null, reason: 'no id' }]);
    expect(second).toMatchObject({ done: true, position: null });
    expect(second.records.map((record) => record.key)).toEqual(['c']);
  });

  it('counts the keyed rows after a position', async () => {
    await writeFile(file, 'id,name\nc,C\na,A\n,nameless\nb,B\n');
    const first = await sut.listChanged(null, 2);

    expect(await sut.countChanged(null)).toBe(3);
    expect(await sut.countChanged(first.position)).toBe(1);
  });

  it('stamps writes with the updated-at column and later reads only what changed', async () => {
    const tracked = new CsvConnector(config({ updatedAtColumn: 'updated_at', delimiter: ';' }), context());
    await tracked.upsert([
      { key: 'b', data: { name: 'B' } },
      { key: 'a', data: { name: 'A' } },
    ]);
    const first = await readAll(tracked, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));

    await tracked.upsert([{ key: 'a', data: { name: 'A2' } }]);
    const second = await readAll(tracked, 10, first.position);

    expect(first.records.map((record) => record.key)).toEqual(['a', 'b']);
    expect(first.records[0].updatedAt).toEqual(new Date(String(first.records[0].data?.updated_at)));
    expect(second.records.map((record) => [record.key, record.data?.name])).toEqual([['a', 'A2']]);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('id;name;updated_at');
  });

  it('lists keys and tests whether the file can be read or created', async () => {
    const missing = await sut.testConnection();
    await sut.upsert([{ key: 'S-1', data: {} }]);
    const present = await sut.testConnection();
    const nowhere = new CsvConnector(config({ path: join(dir, 'no-such-dir', 'x.csv') }), context());

    const keys: string[][] = [];
    for await (const batch of sut.listKeys()) keys.push(batch);

    expect(keys).toEqual([['S-1']]);
    expect(missing).toMatchObject({
      reachable: true,
      authenticated: null,
      message: expect.stringContaining('creates it'),
    });
    expect(present).toMatchObject({ reachable: true, message: expect.stringContaining('(1 row)') });
    expect(await nowhere.testConnection()).toMatchObject({ reachable: false, latencyMs: null });
  });
});
