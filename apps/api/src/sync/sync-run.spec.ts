import { DEFAULT_SYNC_SETTINGS, type EntitySyncSettings, type RecordState } from '@syncline/contracts';
import {
  versionsOf,
  type Connector,
  type RecordPage,
  type RecordWrite,
  type SourceRecord,
  type WriteOutcome,
} from '../connectors/connector';
import { SyncRun, type RunPlan, type SyncRunPorts } from './sync-run';

/**
 * The run's logic against sides held in memory: what the engine reads and writes per pass, which the
 * HTTP specs (real PostgreSQL, simulator) cannot observe. Each write bumps a side's clock, as an
 * updated-at column would.
 */
class MemorySide implements Connector {
  readonly rows = new Map<string, { data: Record<string, unknown>; version: number }>();
  readonly calls: { method: string; keys?: string[] }[] = [];
  private clock = 0;
  /** Runs right after a read by key (or a page of the feed) until it answers true: an edit while the run goes on. */
  afterRead: ((keys: readonly string[]) => boolean) | null = null;
  afterPage: (() => boolean) | null = null;

  put(key: string, data: Record<string, unknown>): void {
    this.rows.set(key, { data: { id: key, ...data }, version: ++this.clock });
  }

  async listChanged(position: string | null, limit: number): Promise<RecordPage> {
    this.calls.push({ method: 'listChanged' });
    const after = position === null ? 0 : Number(position);
    const records = [...this.rows]
      .filter(([, row]) => row.version > after)
      .sort(([, a], [, b]) => a.version - b.version)
      .slice(0, limit)
      .map(([key, row]) => this.record(key, row));
    const page = {
      records,
      position: String(records.at(-1)?.version ?? after),
      done: records.length < limit,
      rejected: [],
    };
    if (this.afterPage?.()) this.afterPage = null;
    return page;
  }

  listVersions(position: string | null, limit: number) {
    this.calls.push({ method: 'listVersions' });
    return versionsOf(this.listChangedQuietly(position, limit));
  }

  async getByKeys(keys: readonly string[]): Promise<Map<string, SourceRecord>> {
    if (keys.length > 0) this.calls.push({ method: 'getByKeys', keys: [...keys] });
    const found = keys.filter((key) => this.rows.has(key));
    const records = new Map(found.map((key) => [key, this.record(key, this.rows.get(key)!)]));
    if (this.afterRead?.(keys)) this.afterRead = null;
    return records;
  }

  async upsert(writes: readonly RecordWrite[]): Promise<WriteOutcome[]> {
    return writes.map((write) => {
      this.put(write.key, write.data);
      return { key: write.key, ok: true, version: String(this.clock), changed: true };
    });
  }

  async delete(deletes: readonly { key: string }[]): Promise<WriteOutcome[]> {
    return deletes.map(({ key }) => ({ key, ok: true, version: null, changed: this.rows.delete(key) }));
  }

  async count(): Promise<number> {
    return this.rows.size;
  }

  /** Null makes the side one that cannot count its feed. */
  counting = true;

  async countChanged(position: string | null): Promise<number | null> {
    const after = position === null ? 0 : Number(position);
    return this.counting ? [...this.rows.values()].filter((row) => row.version > after).length : null;
  }

  async *listKeys(): AsyncIterable<string[]> {
    yield [...this.rows.keys()];
  }

  async testConnection() {
    return { reachable: true, authenticated: null, latencyMs: 0, message: 'in memory' };
  }

  async close(): Promise<void> {}

  private listChangedQuietly(position: string | null, limit: number): Promise<RecordPage> {
    const calls = this.calls.length;
    return this.listChanged(position, limit).finally(() => this.calls.splice(calls));
  }

  private record(key: string, row: { data: Record<string, unknown>; version: number }): SourceRecord {
    return { key, version: String(row.version), updatedAt: new Date(row.version), data: { ...row.data } };
  }
}

const ENTITY: EntitySyncSettings = {
  entityType: 'vehicle',
  localKey: 'id',
  remoteKey: 'id',
  toLocal: [{ from: 'make', to: 'make' }],
  toRemote: [{ from: 'make', to: 'make' }],
};

function memoryPorts(): SyncRunPorts & { baselineStore: Map<string, RecordState> } {
  const baselineStore = new Map<string, RecordState>();
  const positions = new Map<string, string | null>();
  return {
    baselineStore,
    baselines: async (keys) =>
      new Map(keys.filter((key) => baselineStore.has(key)).map((key) => [key, baselineStore.get(key)!])),
    saveBaselines: async (states) => {
      for (const [key, state] of states) {
        if (state === null) baselineStore.delete(key);
        else baselineStore.set(key, state);
      }
    },
    position: async (side) => positions.get(side) ?? null,
    savePosition: async (side, position) => void positions.set(side, position),
    saveConflicts: async () => undefined,
    records: async () => undefined,
    errors: async () => undefined,
    progress: async () => null,
  };
}

function plan(local: Connector, remote: Connector, overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    entityRef: { integrationId: 'integration', entityType: 'vehicle' },
    sessionId: 'session',
    entity: ENTITY,
    direction: 'bidirectional',
    mode: 'full',
    settings: { ...DEFAULT_SYNC_SETTINGS, batchSize: 2 },
    local,
    remote,
    keys: null,
    expectedTotal: 0,
    firstSync: false,
    ...overrides,
  };
}

const makes = (side: MemorySide) =>
  Object.fromEntries(
    [...side.rows].map(([key, row]) => [key, row.data.make]).sort(([a], [b]) => String(a).localeCompare(String(b))),
  );

describe('SyncRun', () => {
  it('full inbound: reads local versions only, and whole records only for keys the remote side lacks', async () => {
    const local = new MemorySide();
    const remote = new MemorySide();
    for (const key of ['a', 'b', 'c']) remote.put(key, { make: `remote ${key}` });
    const ports = memoryPorts();
    // Synced before, so a record now missing remotely was deleted there.
    for (const key of ['a', 'b', 'c', 'gone']) {
      local.put(key, { make: 'old' });
      ports.baselineStore.set(key, { make: 'old' });
    }

    const result = await new SyncRun(plan(local, remote, { direction: 'inbound' }), ports).execute();

    expect(makes(local)).toEqual({ a: 'remote a', b: 'remote b', c: 'remote c' });
    expect(result.counters).toMatchObject({ updated: 3, deleted: 1, failed: 0 });
    expect(local.calls.filter((call) => call.method === 'listChanged')).toEqual([]);
    expect(local.calls.filter((call) => call.method === 'getByKeys').at(-1)).toEqual({
      method: 'getByKeys',
      keys: ['gone'],
    });
  });

  it('a first sync looks up no baselines but those it stored, and a record read twice compares with its own', async () => {
    const local = new MemorySide();
    const remote = new MemorySide();
    for (const key of ['a', 'b', 'c']) remote.put(key, { make: `remote ${key}` });
    const ports = memoryPorts();
    const asked: string[][] = [];
    const lookUp = ports.baselines;
    ports.baselines = (keys) => {
      asked.push([...keys]);
      return lookUp(keys);
    };
    // a changes remotely once the run has read it: the remote feed shows it again on the next page.
    remote.afterPage = () => (remote.put('a', { make: 'changed during the run' }), true);

    const result = await new SyncRun(plan(local, remote, { direction: 'inbound', firstSync: true }), ports).execute();

    expect(makes(local)).toEqual({ a: 'changed during the run', b: 'remote b', c: 'remote c' });
    expect(asked).toEqual([['a']]);
    expect(result.counters).toMatchObject({ created: 3, updated: 1, conflicts: 0 });
  });

  it('progress shows the total from the first batch where the side counts its feed, and the real total at the end', async () => {
    const reported = async (counting: boolean) => {
      const local = new MemorySide();
      const remote = new MemorySide();
      remote.counting = counting;
      for (const key of ['a', 'b', 'c', 'd', 'e']) remote.put(key, { make: `remote ${key}` });
      local.put('a', { make: 'remote a' });
      const ports = memoryPorts();
      ports.baselineStore.set('a', { make: 'remote a' });
      const totals: number[] = [];
      ports.progress = async (progress) => {
        totals.push(progress.counters.total);
        return null;
      };
      const result = await new SyncRun(
        plan(local, remote, { direction: 'inbound', mode: 'incremental' }),
        ports,
      ).execute();
      return { first: totals[0], final: result.counters.total, processed: result.counters.processed };
    };

    expect(await reported(true)).toEqual({ first: 5, final: 5, processed: 5 });
    const uncounted = await reported(false);
    expect(uncounted).toMatchObject({ final: 5, processed: 5 });
    expect(uncounted.first).toBeLessThan(5);
  });

  it('full run into an empty remote side reads the local feed whole, once', async () => {
    const local = new MemorySide();
    const remote = new MemorySide();
    for (const key of ['a', 'b', 'c']) local.put(key, { make: `local ${key}` });

    await new SyncRun(plan(local, remote, { direction: 'outbound' }), memoryPorts()).execute();

    expect(makes(remote)).toEqual({ a: 'local a', b: 'local b', c: 'local c' });
    expect(local.calls.map((call) => call.method)).toEqual(['listChanged', 'listChanged']);
  });

  it('a local edit made during a full run, to a record the run already handled, is pushed by the run', async () => {
    const local = new MemorySide();
    const remote = new MemorySide();
    for (const key of ['a', 'b', 'c', 'd']) {
      local.put(key, { make: 'same' });
      remote.put(key, { make: 'same' });
    }
    const ports = memoryPorts();
    for (const key of ['a', 'b', 'c', 'd']) ports.baselineStore.set(key, { make: 'same' });
    // Once the run has read a's local state, someone edits a locally.
    local.afterRead = (keys) => keys.includes('a') && (local.put('a', { make: 'edited during the run' }), true);

    await new SyncRun(plan(local, remote), ports).execute();

    expect(makes(remote)).toEqual({ a: 'edited during the run', b: 'same', c: 'same', d: 'same' });
    expect(ports.baselineStore.get('a')).toEqual({ make: 'edited during the run' });
  });
});
