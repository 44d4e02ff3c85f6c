import {
  SYNC_STAGES,
  type EntitySyncSettings,
  type RecordLogInput,
  type RecordState,
  type SessionCounters,
  type SyncDirection,
  type SyncErrorInput,
  type SyncMode,
  type SyncSettings,
  type SyncStage,
} from '@syncline/contracts';
import { isDeepStrictEqual } from 'node:util';
import {
  ConnectorError,
  type Connector,
  type RecordPage,
  type SourceRecord,
  type WriteOutcome,
} from '../connectors/connector';
import { changedFields, decideMerge } from './merge-decision';
import { canonicalToLocalWrite, localToCanonical, localToRemoteWrite, remoteToCanonical } from './record-shapes';
import type { ConflictRecord, EntityRef } from './sync-state.repository';

/** What a run needs from the rest of Syncline; the engine itself holds no infrastructure. */
export interface SyncRunPorts {
  baselines(keys: readonly string[]): Promise<Map<string, RecordState>>;
  saveBaselines(states: ReadonlyMap<string, RecordState>): Promise<void>;
  position(side: 'local' | 'remote'): Promise<string | null>;
  savePosition(side: 'local' | 'remote', position: string | null): Promise<void>;
  saveConflicts(conflicts: ConflictRecord[]): Promise<void>;
  records(records: RecordLogInput[]): Promise<void>;
  errors(errors: SyncErrorInput[]): Promise<void>;
  /** Publishes progress; answers why the run must stop at this batch boundary, if it must. */
  progress(update: RunProgress): Promise<StopReason | null>;
}

export type StopReason = 'cancelled' | 'timed_out';

export interface RunProgress {
  stage: SyncStage;
  counters: SessionCounters;
  phaseTimings: Partial<Record<SyncStage, number>>;
}

export interface RunPlan {
  entityRef: EntityRef;
  sessionId: string;
  entity: EntitySyncSettings;
  direction: SyncDirection;
  mode: SyncMode;
  settings: SyncSettings;
  local: Connector;
  remote: Connector;
  /** Only these records (a retry of failed records, a resync of gaps); null for the whole change feed. */
  keys: readonly string[] | null;
  /** An estimate of the records this run will see, for progress. */
  expectedTotal: number;
  /** No record of the entity had a baseline when the run started: none to look up but those it stores. */
  firstSync: boolean;
}

export interface RunResult {
  counters: SessionCounters;
  phaseTimings: Partial<Record<SyncStage, number>>;
  stoppedBy: StopReason | null;
}

/** One record on both sides; undefined = not read yet, null = absent (or a tombstone) on that side. */
interface Pair {
  key: string;
  local: SourceRecord | null | undefined;
  remote: SourceRecord | null | undefined;
}

/** Stops the run from inside a batch loop; never escapes `execute`. */
class Stop extends Error {
  constructor(readonly reason: StopReason) {
    super(reason);
  }
}

const PROGRESS_INTERVAL_MS = 250;
/** Batches of one change feed in flight at once. */
const PIPELINE_DEPTH = 3;

const EMPTY_COUNTERS: SessionCounters = {
  total: 0,
  processed: 0,
  created: 0,
  updated: 0,
  deleted: 0,
  skipped: 0,
  failed: 0,
  conflicts: 0,
};

/**
 * One sync run: `fetch → compare → apply` batch by batch, first over the remote side's change feed, then
 * over the local side's, deciding each record three-way against its baseline. A record is applied, and
 * only then its baseline and the feed position saved, so a run stopped anywhere — crash, kill, cancel —
 * repeats work on the next attempt but never applies a record twice: an applied record compares equal.
 * Verification is the caller's last stage.
 */
export class SyncRun {
  private readonly counters: SessionCounters;
  private readonly timings: Partial<Record<SyncStage, number>> = {};
  private stage: SyncStage = 'fetch';
  private lastProgressAt = -Infinity;
  /**
   * The local version of each record the remote pass handled, as it left it: the local pass skips a
   * record still at that version and looks again at one changed since (edited while the run went on).
   */
  private readonly handled = new Map<string, string | null>();
  /** Keys whose baselines this run stored: on a first sync, the only baselines there are to look up. */
  private readonly baselined = new Set<string>();

  constructor(
    private readonly plan: RunPlan,
    private readonly ports: SyncRunPorts,
  ) {
    this.counters = { ...EMPTY_COUNTERS, total: plan.expectedTotal };
  }

  async execute(): Promise<RunResult> {
    try {
      if (this.plan.keys) await this.runKeys(this.plan.keys);
      else {
        if (this.readsRemoteFeed()) await this.remotePass();
        if (this.readsLocalFeed()) await this.localPass();
      }
      // The estimate counted records the run then skipped (handled by the other pass, or unchanged).
      this.counters.total = this.counters.processed;
      return this.result(null);
    } catch (error) {
      if (error instanceof Stop) return this.result(error.reason);
      throw error;
    }
  }

  /** An incremental outbound run learns about remote changes when it reads its local changes' counterparts. */
  private readsRemoteFeed(): boolean {
    return this.plan.mode === 'full' || this.plan.direction !== 'outbound';
  }

  /** Inbound runs never write the remote side, so local changes matter only to a full run (local deletions). */
  private readsLocalFeed(): boolean {
    return this.plan.mode === 'full' || this.plan.direction !== 'inbound';
  }

  private async remotePass(): Promise<void> {
    await this.readFeed(
      'remote',
      (position, limit) => this.plan.remote.listChanged(position, limit),
      async (page) => {
        const pairs: Pair[] = unique(page.records).map((remote) => ({ key: remote.key, local: undefined, remote }));
        await this.rejectMalformed(page, 'remote');
        const keys = pairs.map((pair) => pair.key);
        if (this.plan.mode === 'full') {
          // Every local counterpart is needed: a record missing locally may have been deleted there.
          const [locals, baselines] = await this.timed('fetch', () =>
            Promise.all([this.plan.local.getByKeys(keys), this.baselines(keys)]),
          );
          for (const pair of pairs) pair.local = locals.get(pair.key) ?? null;
          return this.settle(this.markHandled(pairs), baselines);
        }
        // An incremental run only looks at the local side of records that changed remotely.
        const baselines = await this.timed('fetch', () => this.baselines(keys));
        const changed = this.changedSince(pairs, 'remote', baselines);
        const locals = await this.timed('fetch', () => this.plan.local.getByKeys(changed.map((pair) => pair.key)));
        for (const pair of changed) pair.local = locals.get(pair.key) ?? null;
        await this.settle(this.markHandled(changed), baselines);
      },
    );
  }

  /** Remembers the local version each pair has now; `applyLocal` updates it for records it writes. */
  private markHandled(pairs: Pair[]): Pair[] {
    for (const pair of pairs) this.handled.set(pair.key, pair.local?.version ?? null);
    return pairs;
  }

  private async localPass(): Promise<void> {
    if (this.plan.mode === 'full') return this.fullLocalPass();
    await this.readFeed(
      'local',
      (position, limit) => this.plan.local.listChanged(position, limit),
      async (page) => {
        const pairs = unique(page.records)
          .filter((local) => this.handled.get(local.key) !== local.version)
          .map((local): Pair => ({ key: local.key, local, remote: undefined }));
        await this.rejectMalformed(page, 'local');
        const baselines = await this.timed('fetch', () => this.baselines(pairs.map((pair) => pair.key)));
        const changed = this.changedSince(pairs, 'local', baselines);
        const remotes = await this.timed('fetch', () => this.plan.remote.getByKeys(changed.map((pair) => pair.key)));
        for (const pair of changed) pair.remote = remotes.get(pair.key) ?? null;
        await this.settle(changed, baselines);
      },
    );
  }

  /**
   * A full run's local pass reads versions only where the remote pass handled records: most need no
   * second look, and only the rest — missing remotely, or changed locally since — are read whole. Into
   * an empty remote side every record is needed whole, so the feed is read whole.
   */
  private async fullLocalPass(): Promise<void> {
    const whole = this.handled.size === 0;
    const list = async (position: string | null, limit: number) => {
      if (!whole) return { ...(await this.plan.local.listVersions(position, limit)), read: null };
      const page = await this.plan.local.listChanged(position, limit);
      return { ...page, read: new Map(page.records.map((record) => [record.key, record])) };
    };
    await this.readFeed('local', list, async (page) => {
      const stale = unique<{ key: string; version: string | null }>(page.records).filter(
        (entry) => this.handled.get(entry.key) !== entry.version,
      );
      const keys = stale.map((entry) => entry.key);
      await this.rejectMalformed(page, 'local');
      // A record the remote pass did not see is gone from the remote side; one it saw is read again.
      const seen = keys.filter((key) => this.handled.has(key));
      const [locals, remotes, baselines] = await this.timed('fetch', () =>
        Promise.all([
          page.read ?? this.plan.local.getByKeys(keys),
          this.plan.remote.getByKeys(seen),
          this.baselines(keys),
        ]),
      );
      await this.settle(
        keys.map((key) => ({ key, local: locals.get(key) ?? null, remote: remotes.get(key) ?? null })),
        baselines,
      );
    });
  }

  private async runKeys(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += this.plan.settings.batchSize) {
      const batch = keys.slice(start, start + this.plan.settings.batchSize);
      const [locals, remotes, baselines] = await this.timed('fetch', () =>
        Promise.all([this.plan.local.getByKeys(batch), this.plan.remote.getByKeys(batch), this.baselines(batch)]),
      );
      this.counters.total = Math.max(this.counters.total, start + batch.length);
      const pairs = batch.map((key) => ({ key, local: locals.get(key) ?? null, remote: remotes.get(key) ?? null }));
      await this.settle(pairs, baselines);
      await this.checkpoint(true);
    }
  }

  /**
   * Reads one side's change feed to its end, with up to PIPELINE_DEPTH batches in flight: later pages
   * are read, compared and applied while earlier ones are still being written, unless they share a
   * record (one changed while the feed was read), which waits. Positions are saved in feed order, each
   * once its batch and every batch before it are stored.
   */
  private async readFeed<Page extends Omit<RecordPage, 'records'> & { records: { key: string }[] }>(
    side: 'local' | 'remote',
    list: (position: string | null, limit: number) => Promise<Page>,
    handle: (page: Page) => Promise<void>,
  ): Promise<void> {
    const read = (position: string | null) => settledLater(list(position, this.plan.settings.batchSize));
    const start = this.plan.mode === 'full' ? null : await this.ports.position(side);
    let next = read(start);
    const expected = this.counters.processed === 0 ? this.expect(side, start) : undefined;
    const inFlight: { keys: Set<string>; stored: Promise<void> }[] = [];
    // A record too malformed to have a key cannot be retried by key: the feed is read again from before it.
    let keepPosition = false;
    try {
      for (;;) {
        this.stage = 'fetch';
        const page = await this.timed('fetch', () => next);
        if (!page.done) next = read(page.position);
        const keys = new Set(page.records.map((record) => record.key));
        keepPosition ||= page.rejected.some((rejected) => rejected.key === null);
        const position = keepPosition ? null : page.position;
        const sharing = inFlight.filter((batch) => overlaps(keys, batch.keys));
        await Promise.all(sharing.map((batch) => batch.stored));
        const before = inFlight.at(-1)?.stored;
        const stored = settledLater(
          handle(page).then(async () => {
            await before;
            await this.ports.savePosition(side, position);
            await this.checkpoint();
          }),
        );
        inFlight.push({ keys, stored });
        if (inFlight.length >= PIPELINE_DEPTH) await inFlight.shift()?.stored;
        if (page.done) {
          await Promise.all([stored, expected]);
          return;
        }
      }
    } catch (error) {
      // Let the other batches finish before the caller closes the connectors under them.
      await Promise.allSettled(inFlight.map((batch) => batch.stored));
      throw error;
    }
  }

  /**
   * The run's total from the first feed it reads, where that side can count it, so that progress shows
   * "X of Y" from the first batch; otherwise the total grows as batches arrive. Never fails the run.
   */
  private async expect(side: 'local' | 'remote', position: string | null): Promise<void> {
    const pending = await this.plan[side].countChanged(position).catch(() => null);
    if (pending !== null) this.counters.total = Math.max(this.counters.total, pending);
  }

  /** The baselines of these keys; a first sync reads only those it stored itself (a key seen twice). */
  private async baselines(keys: readonly string[]): Promise<Map<string, RecordState>> {
    const stored = this.plan.firstSync ? keys.filter((key) => this.baselined.has(key)) : keys;
    return stored.length === 0 ? new Map() : this.ports.baselines(stored);
  }

  /** Drops the records whose one known side still equals its baseline (nothing changed there), counted as skipped. */
  private changedSince(pairs: Pair[], side: 'local' | 'remote', baselines: Map<string, RecordState>): Pair[] {
    return pairs.filter((pair) => {
      const state = this.canonical(side === 'local' ? pair.local : pair.remote, side);
      const unchanged =
        state !== undefined && baselines.has(pair.key) && isDeepStrictEqual(state, baselines.get(pair.key));
      if (unchanged) {
        this.counters.skipped++;
        this.counters.processed++;
      }
      return !unchanged;
    });
  }

  /** A record's state in the compared shape; undefined when a remote record cannot be mapped. */
  private canonical(record: SourceRecord | null | undefined, side: 'local' | 'remote'): RecordState | undefined {
    if (!record?.data) return null;
    if (side === 'local') return localToCanonical(record.data, this.plan.entity);
    const shaped = remoteToCanonical(record.data, this.plan.entity);
    return shaped.ok ? shaped.state : undefined;
  }

  /** Compares each pair with its baseline, applies the decisions, and records what happened. */
  private async settle(pairs: Pair[], baselines: Map<string, RecordState>): Promise<void> {
    if (pairs.length === 0) return;
    this.stage = 'compare';
    const batch = new BatchOutcome();
    const toLocal: Decided[] = [];
    const toRemote: Decided[] = [];
    this.timeSync('compare', () => {
      for (const pair of pairs) {
        const decided = this.decide(pair, baselines, batch);
        if (decided?.apply === 'to_local') toLocal.push(decided);
        if (decided?.apply === 'to_remote') toRemote.push(decided);
      }
    });
    this.stage = 'apply';
    await this.timed('apply', () => Promise.all([this.applyLocal(toLocal, batch), this.applyRemote(toRemote, batch)]));
    await this.timed('apply', () => batch.flush(this.ports));
    if (this.plan.firstSync) for (const key of batch.baselineKeys()) this.baselined.add(key);
    this.counters.processed += pairs.length;
    for (const [counter, value] of Object.entries(batch.counts)) {
      this.counters[counter as keyof SessionCounters] += value;
    }
    this.counters.total = Math.max(this.counters.total, this.counters.processed);
  }

  private decide(pair: Pair, baselines: Map<string, RecordState>, batch: BatchOutcome): Decided | null {
    const remoteShaped = pair.remote?.data ? remoteToCanonical(pair.remote.data, this.plan.entity) : null;
    if (remoteShaped && !remoteShaped.ok) {
      batch.fail(
        pair.key,
        'remote',
        new ConnectorError('The remote record does not fit the mapping', 'validation', {
          details: remoteShaped.problems,
        }),
      );
      return null;
    }
    const local = this.canonical(pair.local, 'local') ?? null;
    const remote = remoteShaped?.state ?? null;
    const baseline = baselines.has(pair.key) ? (baselines.get(pair.key) ?? null) : undefined;
    const strategy = this.plan.entity.conflictStrategy ?? this.plan.settings.conflictStrategy;
    const decision = decideMerge({
      baseline,
      local,
      remote,
      direction: this.plan.direction,
      strategy,
      localUpdatedAt: pair.local?.updatedAt ?? undefined,
      remoteUpdatedAt: pair.remote?.updatedAt ?? undefined,
    });
    if (decision.conflict) {
      batch.conflict({
        sessionId: this.plan.sessionId,
        recordKey: pair.key,
        baseline,
        local,
        remote,
        localChangedFields: changedFields(baseline, local),
        remoteChangedFields: changedFields(baseline, remote),
        strategy,
        applied: decision.apply,
        localUpdatedAt: pair.local?.updatedAt ?? null,
        remoteUpdatedAt: pair.remote?.updatedAt ?? null,
      });
    }
    if (decision.apply === 'none') {
      // Equal sides with a stale baseline: a write that landed before a crash, or both sides changed alike.
      if (isDeepStrictEqual(local, remote) && !isDeepStrictEqual(baseline ?? null, local))
        batch.baseline(pair.key, local);
      if (!decision.conflict) batch.counts.skipped++;
      return null;
    }
    return { pair, apply: decision.apply, local, remote };
  }

  private async applyLocal(decided: Decided[], batch: BatchOutcome): Promise<void> {
    const upserts = decided.filter((item) => item.remote !== null);
    const deletes = decided.filter((item) => item.remote === null && item.pair.local?.data);
    const [written, removed] = await Promise.all([
      upserts.length === 0
        ? []
        : this.plan.local.upsert(
            upserts.map(({ pair, remote }) => ({
              key: pair.key,
              data: canonicalToLocalWrite(remote as Record<string, unknown>, this.plan.entity),
              expectedVersion: pair.local?.version ?? undefined,
            })),
          ),
      deletes.length === 0
        ? []
        : this.plan.local.delete(deletes.map(({ pair }) => ({ key: pair.key, expectedVersion: pair.local?.version }))),
    ]);
    // The baseline is what the local side now holds: a column may store a value differently than it was
    // sent (a number into a text column), and the next run compares against what is stored.
    const stored = new Map<string, SourceRecord>();
    for (const outcome of written) {
      if (!outcome.ok) continue;
      this.handled.set(outcome.key, outcome.version);
      if (outcome.stored) stored.set(outcome.key, outcome.stored);
    }
    const unread = written.filter((outcome) => outcome.ok && !stored.has(outcome.key)).map((outcome) => outcome.key);
    for (const [key, record] of await this.plan.local.getByKeys(unread)) stored.set(key, record);
    batch.applied(
      'local',
      upserts,
      written,
      (item) => this.canonical(stored.get(item.pair.key), 'local') ?? item.remote,
    );
    batch.applied('local', deletes, removed, () => null);
  }

  private async applyRemote(decided: Decided[], batch: BatchOutcome): Promise<void> {
    const upserts: { item: Decided; data: Record<string, unknown> }[] = [];
    for (const item of decided.filter((item) => item.local !== null)) {
      const shaped = localToRemoteWrite(item.pair.local?.data ?? {}, this.plan.entity);
      if (shaped.ok) upserts.push({ item, data: shaped.state });
      else
        batch.fail(
          item.pair.key,
          'local',
          new ConnectorError('The local record does not fit the mapping', 'validation', { details: shaped.problems }),
        );
    }
    const deletes = decided.filter((item) => item.local === null && item.pair.remote?.data);
    const [written, removed] = await Promise.all([
      upserts.length === 0
        ? []
        : this.plan.remote.upsert(
            upserts.map(({ item, data }) => ({
              key: item.pair.key,
              data,
              expectedVersion: item.pair.remote?.version ?? undefined,
            })),
          ),
      deletes.length === 0
        ? []
        : this.plan.remote.delete(
            deletes.map(({ pair }) => ({ key: pair.key, expectedVersion: pair.remote?.version })),
          ),
    ]);
    batch.applied(
      'remote',
      upserts.map(({ item }) => item),
      written,
      (item) => item.local,
    );
    batch.applied('remote', deletes, removed, () => null);
  }

  private async rejectMalformed(page: Pick<RecordPage, 'rejected'>, side: 'local' | 'remote'): Promise<void> {
    if (page.rejected.length === 0) return;
    const batch = new BatchOutcome();
    for (const rejected of page.rejected) {
      batch.fail(rejected.key, side, new ConnectorError(`Malformed record: ${rejected.reason}`, 'validation'));
    }
    await batch.flush(this.ports);
    this.counters.failed += page.rejected.length;
    this.counters.processed += page.rejected.length;
  }

  /**
   * Publishes progress and hears of a cancel or timeout — at most every PROGRESS_INTERVAL_MS, as a run
   * goes through many batches a second and each report costs a transaction. `force` reports anyway.
   */
  private async checkpoint(force = false): Promise<void> {
    const now = performance.now();
    if (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    const stop = await this.ports.progress({
      stage: this.stage,
      counters: { ...this.counters },
      phaseTimings: this.rounded(),
    });
    if (stop) throw new Stop(stop);
  }

  private async timed<T>(stage: SyncStage, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.timings[stage] = (this.timings[stage] ?? 0) + performance.now() - started;
    }
  }

  private timeSync(stage: SyncStage, work: () => void): void {
    const started = performance.now();
    work();
    this.timings[stage] = (this.timings[stage] ?? 0) + performance.now() - started;
  }

  private rounded(): Partial<Record<SyncStage, number>> {
    return Object.fromEntries(
      SYNC_STAGES.filter((stage) => this.timings[stage] !== undefined).map((stage) => [
        stage,
        Math.round(this.timings[stage] ?? 0),
      ]),
    );
  }

  private result(stoppedBy: StopReason | null): RunResult {
    return { counters: { ...this.counters }, phaseTimings: this.rounded(), stoppedBy };
  }
}

interface Decided {
  pair: Pair;
  apply: 'to_local' | 'to_remote';
  local: RecordState;
  remote: RecordState;
}

/** A promise awaited later: its failure surfaces there, not as an unhandled rejection now. */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The last version of each key in a page: a record changed while the feed was read shows up twice. */
function unique<T extends { key: string }>(records: T[]): T[] {
  const last = new Map<string, T>();
  for (const record of records) last.set(record.key, record);
  return last.size === records.length ? records : [...last.values()];
}

function overlaps(keys: ReadonlySet<string>, others: ReadonlySet<string>): boolean {
  for (const key of keys) if (others.has(key)) return true;
  return false;
}

/** What one batch did, gathered while applying and stored together afterwards. */
class BatchOutcome {
  readonly counts = { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0, conflicts: 0 };
  private readonly logs: RecordLogInput[] = [];
  private readonly errorInputs: SyncErrorInput[] = [];
  private readonly conflicts: ConflictRecord[] = [];
  private readonly baselines = new Map<string, RecordState>();

  baseline(key: string, state: RecordState): void {
    this.baselines.set(key, state);
  }

  baselineKeys(): IterableIterator<string> {
    return this.baselines.keys();
  }

  conflict(conflict: ConflictRecord): void {
    this.conflicts.push(conflict);
    this.counts.conflicts++;
    if (conflict.applied === 'none') {
      this.logs.push({
        localKey: conflict.recordKey,
        remoteKey: conflict.recordKey,
        action: 'conflict',
        before: conflict.local,
        after: conflict.remote,
        changedFields: changedFields(conflict.local, conflict.remote),
      });
    }
  }

  /** A null key is a record too malformed to have one. */
  fail(key: string | null, side: 'local' | 'remote', error: ConnectorError): void {
    this.counts.failed++;
    const keys = key === null ? {} : { localKey: key, remoteKey: key };
    this.logs.push({ ...keys, action: 'fail', error: error.message });
    this.errorInputs.push({
      category: error.category,
      severity: 'warning',
      code: error.options.status ? `HTTP_${error.options.status}` : error.category.toUpperCase(),
      message: `${side === 'local' ? 'Local' : 'Remote'} record ${key ?? 'without a key'}: ${error.message}`,
      retryable: error.retryable || error.category === 'conflict',
      recordKey: key ?? undefined,
      request: error.options.request,
      response: error.options.response ?? (error.options.details ? { details: error.options.details } : undefined),
    });
  }

  /** Outcomes of writes to `target`; `after` gives the state the target now has for each item. */
  applied(
    target: 'local' | 'remote',
    items: Decided[],
    outcomes: WriteOutcome[],
    after: (item: Decided) => RecordState,
  ): void {
    items.forEach((item, index) => {
      const outcome = outcomes[index];
      const key = item.pair.key;
      if (!outcome.ok) return this.fail(key, target, outcome.error);
      const before = target === 'local' ? item.local : item.remote;
      const state = after(item);
      const action = state === null ? 'delete' : before === null ? 'create' : 'update';
      this.counts[action === 'create' ? 'created' : action === 'update' ? 'updated' : 'deleted']++;
      this.baselines.set(key, state);
      this.logs.push({
        localKey: key,
        remoteKey: key,
        action,
        before,
        after: state,
        // A create or delete changes every field, which the record log lists when read.
        changedFields: action === 'update' ? changedFields(before, state) : undefined,
      });
    });
  }

  /** Stored together; the caller saves the feed position only after all of it. */
  async flush(ports: SyncRunPorts): Promise<void> {
    await Promise.all([
      ports.saveBaselines(this.baselines),
      ports.saveConflicts(this.conflicts),
      ports.records(this.logs),
      ports.errors(this.errorInputs),
    ]);
  }
}
