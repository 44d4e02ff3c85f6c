import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { formatMicros, MonotonicClock } from './clock';
import { ENTITY_KINDS, type EntityKind, generateFields, type GenerateContext, validateFields } from './entities';
import { SimError } from './errors';
import { deriveSeed, Random } from './random';

export interface RecordView {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  [field: string]: unknown;
}

/** A place in a collection's change order `(updatedAt, id)`; what a cursor encodes. */
export interface Position {
  micros: number;
  id: string;
}

export interface PageQuery {
  after?: Position;
  sinceMicros?: number;
  limit: number;
  includeDeleted: boolean;
}

export interface Page {
  items: RecordView[];
  next: Position | null;
  /** Every record the query matches, on a first page (no cursor) only. */
  total?: number;
}

/** `If-Match`: the versions the writer expects, or `*` for "any live version". */
export type Precondition = readonly number[] | '*';

export interface WriteResult {
  /** 201 when the id had no live record, 200 otherwise (also for a write that changed nothing). */
  status: 200 | 201;
  record: RecordView;
}

/** A range's share of the key checksums: its live records' count and the XOR of their id hashes. */
export interface KeyRangeChecksum {
  range: number;
  count: number;
  /** 16 lowercase hex digits. */
  xor: string;
}

/** The first 64 bits of the MD5 of an id, as two unsigned 32-bit halves. */
interface KeyHash {
  high: number;
  low: number;
}

interface Entry {
  record: RecordView;
  micros: number;
  /** Computed once, when the id is first written: ids never change. */
  hash: KeyHash;
}

/** Fields the simulator owns; a writer cannot set them. */
const SYSTEM_FIELDS = new Set(['id', 'version', 'createdAt', 'updatedAt', 'deleted', 'expectedVersion']);
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.micros, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Position | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { micros: value[0], id: value[1] };
    }
  } catch {
    // not JSON: fall through to "invalid"
  }
  return undefined;
}

function keyHash(id: string): KeyHash {
  const digest = createHash('md5').update(id).digest();
  return { high: digest.readUInt32BE(0), low: digest.readUInt32BE(4) };
}

const hex32 = (value: number) => value.toString(16).padStart(8, '0');

function comparePositions(a: Position, b: Position): number {
  return a.micros - b.micros || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function userFields(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !SYSTEM_FIELDS.has(key)));
}

/**
 * One collection held in memory. Besides the records it keeps a change log: one position per
 * change, appended in time order, so it is sorted by `(updatedAt, id)` without ever re-sorting.
 * A changed record moves to the end of the log (its older position goes stale), which is why a
 * record changed while a reader pages through shows up again later and is never skipped.
 */
export class Collection {
  private readonly entries = new Map<string, Entry>();
  private changeLog: Position[] = [];
  private staleChanges = 0;
  private deletedCount = 0;
  private readonly ids: string[] = [];
  private seq = 0;

  constructor(
    readonly name: string,
    readonly kind: EntityKind,
    private readonly clock: MonotonicClock,
  ) {}

  counts(): { live: number; deleted: number } {
    return { live: this.entries.size - this.deletedCount, deleted: this.deletedCount };
  }

  get(id: string, includeDeleted = false): RecordView | undefined {
    const record = this.entries.get(id)?.record;
    return record && (includeDeleted || !record.deleted) ? record : undefined;
  }

  getMany(ids: readonly string[], includeDeleted: boolean): { items: RecordView[]; missing: string[] } {
    const items: RecordView[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const record = this.get(id, includeDeleted);
      if (record) items.push(record);
      else missing.push(id);
    }
    return { items, missing };
  }

  page(query: PageQuery): Page {
    let index = query.after ? this.firstAfter(query.after) : 0;
    if (query.sinceMicros !== undefined) {
      // Ids are ASCII, so U+FFFF sorts after every id: this skips everything at or before the time.
      index = Math.max(index, this.firstAfter({ micros: query.sinceMicros, id: '\uffff' }));
    }
    const visible = (position: Position): RecordView | undefined => {
      const entry = this.entries.get(position.id);
      if (!entry || entry.micros !== position.micros) return undefined; // stale: the record changed later
      return query.includeDeleted || !entry.record.deleted ? entry.record : undefined;
    };
    const items: RecordView[] = [];
    let last: Position | null = null;
    for (; index < this.changeLog.length && items.length < query.limit; index++) {
      const record = visible(this.changeLog[index]);
      if (record) {
        items.push(record);
        last = this.changeLog[index];
      }
    }
    while (index < this.changeLog.length && !visible(this.changeLog[index])) index++;
    const page: Page = { items, next: index < this.changeLog.length ? last : null };
    return query.after ? page : { ...page, total: this.countMatching(query, visible) };
  }

  /** Constant time for the whole collection; a changed-since query counts the changes since. */
  private countMatching(query: PageQuery, visible: (position: Position) => RecordView | undefined): number {
    if (query.sinceMicros === undefined) {
      const { live, deleted } = this.counts();
      return query.includeDeleted ? live + deleted : live;
    }
    let total = 0;
    const from = this.firstAfter({ micros: query.sinceMicros, id: '\uffff' });
    for (let index = from; index < this.changeLog.length; index++) if (visible(this.changeLog[index])) total++;
    return total;
  }

  /**
   * Checksums of the live records' ids over `ranges` ranges (a power of two) of the id hash: a range is
   * the hash's low bits. Lets a client check it holds the same ids without listing them; empty ranges
   * are left out.
   */
  keyChecksums(ranges: number): KeyRangeChecksum[] {
    const counts = new Uint32Array(ranges);
    const highs = new Uint32Array(ranges);
    const lows = new Uint32Array(ranges);
    for (const { record, hash } of this.entries.values()) {
      if (record.deleted) continue;
      const range = hash.low & (ranges - 1);
      counts[range]++;
      highs[range] ^= hash.high;
      lows[range] ^= hash.low;
    }
    const sums: KeyRangeChecksum[] = [];
    counts.forEach((count, range) => {
      if (count > 0) sums.push({ range, count, xor: hex32(highs[range]) + hex32(lows[range]) });
    });
    return sums;
  }

  /** A random live record id (null when the collection has none it can find quickly). */
  randomLiveId(rng: Random): string | null {
    for (let attempt = 0; attempt < 20 && this.ids.length > 0; attempt++) {
      const id = rng.pick(this.ids);
      if (this.get(id)) return id;
    }
    return null;
  }

  /** Creates a record with invented, realistic fields. */
  createGenerated(rng: Random, pickId: GenerateContext['pickId']): RecordView {
    const id = this.nextFreeId();
    return this.commit(id, generateFields(this.kind, { rng, seq: this.seq, pickId }), false);
  }

  create(body: Readonly<Record<string, unknown>>): WriteResult {
    const id = body.id === undefined ? this.nextFreeId() : this.checkId(body.id);
    if (this.get(id)) throw new SimError(409, `${this.name} ${id} already exists`);
    return this.upsert(id, body);
  }

  upsert(id: string, body: Readonly<Record<string, unknown>>, precondition?: Precondition): WriteResult {
    this.checkId(id);
    const current = this.checkPrecondition(id, precondition);
    const fields = userFields(body);
    const problems = validateFields(this.kind, fields);
    if (problems.length > 0) throw new SimError(422, `${this.name} ${id} is invalid`, problems);
    if (!current) return { status: 201, record: this.commit(id, fields, false) };
    // Writing what is already there changes nothing, so a retried write keeps its version.
    if (isDeepStrictEqual(userFields(current), fields)) return { status: 200, record: current };
    return { status: 200, record: this.commit(id, fields, false) };
  }

  /** Soft delete: the record stays as a tombstone so incremental readers see the deletion. */
  delete(id: string, precondition?: Precondition): RecordView {
    const existing = this.get(id, true);
    if (existing?.deleted && precondition === undefined) return existing; // deleting twice is a no-op
    const current = this.checkPrecondition(id, precondition);
    if (!current) throw new SimError(404, `${this.name} ${id} not found`);
    return this.commit(id, userFields(current), true);
  }

  private checkPrecondition(id: string, precondition: Precondition | undefined): RecordView | undefined {
    const current = this.get(id);
    if (precondition === undefined) return current;
    const matches = precondition === '*' ? current !== undefined : precondition.includes(current?.version ?? -1);
    if (!matches) {
      throw new SimError(412, `${this.name} ${id} is at version ${current?.version ?? 'none (missing)'}`);
    }
    return current;
  }

  private checkId(id: unknown): string {
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      throw new SimError(422, 'invalid id', [{ field: 'id', reason: `must match ${ID_PATTERN.source}` }]);
    }
    return id;
  }

  private nextFreeId(): string {
    let id: string;
    do id = `${this.kind.idPrefix}_${String(++this.seq).padStart(6, '0')}`;
    while (this.entries.has(id));
    return id;
  }

  private commit(id: string, fields: Record<string, unknown>, deleted: boolean): RecordView {
    const micros = this.clock.tick();
    const previous = this.entries.get(id);
    const updatedAt = formatMicros(micros);
    const record: RecordView = {
      id,
      ...fields,
      version: (previous?.record.version ?? 0) + 1,
      createdAt: previous?.record.createdAt ?? updatedAt,
      updatedAt,
      deleted,
    };
    if (previous) this.staleChanges++;
    else this.ids.push(id);
    this.deletedCount += Number(deleted) - Number(previous?.record.deleted ?? false);
    this.entries.set(id, { record, micros, hash: previous?.hash ?? keyHash(id) });
    this.changeLog.push({ micros, id });
    if (this.staleChanges > 1024 && this.staleChanges > this.entries.size) this.compact();
    return record;
  }

  private compact(): void {
    this.changeLog = this.changeLog.filter((position) => this.entries.get(position.id)?.micros === position.micros);
    this.staleChanges = 0;
  }

  /** Index of the first change strictly after `position`. */
  private firstAfter(position: Position): number {
    let low = 0;
    let high = this.changeLog.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (comparePositions(this.changeLog[mid], position) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** All collections, sharing one clock so `updatedAt` is strictly increasing across the simulator. */
export class Store {
  private readonly clock = new MonotonicClock();
  private collections = new Map<string, Collection>();

  constructor(private readonly names: readonly string[]) {}

  collection(name: string): Collection {
    const collection = this.collections.get(name);
    if (!collection) throw new SimError(404, `collection ${name} not found`);
    return collection;
  }

  all(): Collection[] {
    return [...this.collections.values()];
  }

  /** Replaces every collection with `count` invented records; the same seed gives the same records. */
  seed(count: number, seed: number): void {
    this.collections = new Map(this.names.map((name) => [name, new Collection(name, ENTITY_KINDS[name], this.clock)]));
    const rng = new Random(deriveSeed(seed, 'seed'));
    // Kinds are seeded in declaration order, so leads can point at vehicles that already exist.
    const ordered = Object.keys(ENTITY_KINDS).filter((name) => this.collections.has(name));
    for (const name of ordered) {
      for (let i = 0; i < count; i++) this.collection(name).createGenerated(rng, this.pickIdWith(rng));
    }
  }

  /** How generated records find the records they refer to (a lead's vehicle). */
  pickIdWith(rng: Random): GenerateContext['pickId'] {
    return (name) => this.collections.get(name)?.randomLiveId(rng) ?? null;
  }
}
