import type { ConnectionCheck, ErrorCategory } from '@syncline/contracts';
import type { KeyRangeChecksum } from './key-hash';

/** One record as a connector reads it from its side. */
export interface SourceRecord {
  key: string;
  /** When the record last changed on its side (newest_wins, incremental reads); null when the side cannot tell. */
  updatedAt: Date | null;
  /** The side's optimistic-concurrency token (a remote version, a row's updated-at), sent back on write. */
  version: string | null;
  /** The record's fields; null for a tombstone (deleted on that side). */
  data: Record<string, unknown> | null;
}

export interface RecordPage {
  records: SourceRecord[];
  /**
   * Where reading continues: after this page while `done` is false, and after the last record ever read
   * once it is true, so that a later run passes it back to read only what changed since. Opaque to callers.
   */
  position: string | null;
  done: boolean;
  /** Records too malformed to key (no key, not an object): reported by the engine, never applied. */
  rejected: { key: string | null; reason: string }[];
}

/** A record's place in a change feed without its data: what a pass over a whole side needs to decide what to read. */
export interface RecordVersion {
  key: string;
  version: string | null;
  /** A tombstone: the record is deleted on that side. */
  deleted: boolean;
}

export type VersionPage = Omit<RecordPage, 'records'> & { records: RecordVersion[] };

export interface RecordWrite {
  key: string;
  /** The fields to write; the connector adds the key field itself. */
  data: Record<string, unknown>;
  /** The `version` read before; the write is refused when the record has changed since. Omitted: unconditional. */
  expectedVersion?: string | null;
}

export interface RecordDelete {
  key: string;
  expectedVersion?: string | null;
}

export type WriteOutcome =
  | {
      key: string;
      ok: true;
      version: string | null;
      changed: boolean;
      /** The record as the side now stores it, where the write tells at no extra cost (a column may store a value differently than sent). */
      stored?: SourceRecord;
    }
  | { key: string; ok: false; error: ConnectorError };

/** Reads and writes one entity type's records on one side of an integration. */
export interface Connector {
  /**
   * Records changed after `position` (every record when null), ordered by (updatedAt, key), at most `limit`.
   * Deleted records come as tombstones where the side keeps them.
   */
  listChanged(position: string | null, limit: number): Promise<RecordPage>;
  /** `listChanged`'s feed, same order and positions, with keys and versions only: cheaper where the side can leave the data out. */
  listVersions(position: string | null, limit: number): Promise<VersionPage>;
  /** The records with these keys; keys not found are absent from the map. */
  getByKeys(keys: readonly string[]): Promise<Map<string, SourceRecord>>;
  /** Creates or updates by key, each record on its own: one refused record does not fail the others. */
  upsert(writes: readonly RecordWrite[]): Promise<WriteOutcome[]>;
  delete(deletes: readonly RecordDelete[]): Promise<WriteOutcome[]>;
  /** Live records on the side. */
  count(): Promise<number>;
  /**
   * How many records `listChanged` will read from `position` on, tombstones included, where the side can
   * tell with one cheap question (a count, a list answer's total); null where it cannot.
   */
  countChanged(position: string | null): Promise<number | null>;
  /** Keys of every live record, in batches (verification looks for gaps with it). */
  listKeys(): AsyncIterable<string[]>;
  /**
   * Where the side can compute them where its data lives: the checksums of its live records' keys in
   * `ranges` ranges of the key hash (see key-hash.ts), empty ranges left out. Where both sides have
   * them, verification lists keys only when some ranges' checksums differ.
   */
  keyChecksums?(ranges: number): Promise<KeyRangeChecksum[]>;
  testConnection(): Promise<ConnectionCheck>;
  close(): Promise<void>;
}

/** A failure talking to a side, classified so the engine knows whether to retry and how to report it. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly category: ErrorCategory,
    readonly options: {
      retryable?: boolean;
      status?: number;
      /** From a 429's or 503's Retry-After. */
      retryAfterMs?: number;
      /** Field-level reasons for a refused record. */
      details?: { field: string; reason: string }[];
      request?: Record<string, unknown>;
      response?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ConnectorError';
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
}

/** A version page read through `listChanged`, for sides that cannot list versions any cheaper. */
export async function versionsOf(page: Promise<RecordPage>): Promise<VersionPage> {
  const { records, ...rest } = await page;
  return { ...rest, records: records.map(({ key, version, data }) => ({ key, version, deleted: data === null })) };
}

/** A configured name with `{entity}` replaced by the entity type, e.g. `stock_{entity}` → `stock_vehicle`. */
export function forEntity(template: string, entityType: string): string {
  return template.replaceAll('{entity}', entityType);
}

/** An error's message; duck-typed, as errors from Node's own modules may come from another realm (a test VM). */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

export interface RetryPolicy {
  /** Tries in all, the first included (default 3). */
  attempts: number;
  /** First backoff delay in ms; doubles each try, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ConnectorContext {
  entityType: string;
  /** The integration's decrypted credentials; a connector reads only its side's names (`local.password`, `remote.token`). */
  credentials: Record<string, string>;
  side: 'local' | 'remote';
  retry: RetryPolicy;
  /** Called before each retry, so the engine can count retries on the error it reports. */
  onRetry?: (error: ConnectorError, attempt: number) => void;
}
