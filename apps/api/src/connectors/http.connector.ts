import type { ConnectionCheck, HttpConnectorConfig } from '@syncline/contracts';
import Bottleneck from 'bottleneck';
import {
  ConnectorError,
  forEntity,
  type Connector,
  type ConnectorContext,
  type RecordDelete,
  type RecordPage,
  type RecordWrite,
  type SourceRecord,
  type VersionPage,
  type WriteOutcome,
  versionsOf,
} from './connector';
import type { KeyRangeChecksum } from './key-hash';
import { withRetry } from './retry';

const DEFAULTS = {
  timeoutMs: 30_000,
  updatedSinceParam: 'updated_since',
  cursorParam: 'cursor',
  limitParam: 'limit',
  itemsField: 'items',
  nextCursorField: 'nextCursor',
  idsParam: 'ids',
  deletedField: 'deleted',
  versionField: 'version',
  includeDeletedParam: 'include_deleted',
} satisfies Partial<HttpConnectorConfig>;

type Settings = HttpConnectorConfig & typeof DEFAULTS;

/** Records per list request, ids per lookup and writes per batch: what APIs commonly accept. */
const MAX_PER_REQUEST = 1000;
/** Keeps `?ids=` within the request-line limits of common servers (8–16 KB). */
const MAX_IDS_LENGTH = 6000;
const BODY_EXCERPT_CHARS = 2048;

type Json = Record<string, unknown>;

/** What an error may tell about the request: never a header, so never the token. */
interface RequestSummary {
  method: string;
  path: string;
}

/**
 * Where reading continues. `since` is the `updated_since` of this run (the last `updatedAt` the
 * previous run saw), `seen` the last `updatedAt` this run has seen, `next` the remote's cursor, page or offset.
 */
interface HttpPosition {
  since?: string;
  seen?: string;
  next?: string | number;
}

interface ItemResult {
  status: number;
  version?: unknown;
  message?: string;
  details?: unknown;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An answer in the wrong shape: the remote is broken, retrying will not help. */
function malformedAnswer(message: string, body: unknown, request?: RequestSummary): ConnectorError {
  return new ConnectorError(message, 'remote_server', {
    ...(request ? { request: { ...request } } : {}),
    response: { body: JSON.stringify(body)?.slice(0, BODY_EXCERPT_CHARS) },
  });
}

const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** One range's checksum as key-hash.ts defines it, for one of `ranges` ranges. */
function isRangeChecksum(value: unknown, ranges: number): value is KeyRangeChecksum {
  return (
    isObject(value) &&
    isIntegerIn(value.range, 0, ranges - 1) &&
    isIntegerIn(value.count, 1, Number.MAX_SAFE_INTEGER) &&
    typeof value.xor === 'string' &&
    /^[0-9a-f]{16}$/.test(value.xor)
  );
}

/** A key-checksum answer's ranges in order, or undefined when the answer is not one for `ranges` ranges. */
function checksumsOf(body: unknown, ranges: number): KeyRangeChecksum[] | undefined {
  const sums: unknown = isObject(body) ? body.ranges : undefined;
  if (!Array.isArray(sums) || !sums.every((sum): sum is KeyRangeChecksum => isRangeChecksum(sum, ranges))) {
    return undefined;
  }
  const sorted = sums.map(({ range, count, xor }) => ({ range, count, xor })).sort((a, b) => a.range - b.range);
  // A range listed twice would leave verification to pick one of its checksums.
  return sorted.every((sum, index) => index === 0 || sum.range > sorted[index - 1].range) ? sorted : undefined;
}

/** `Retry-After` as milliseconds: whole seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function fieldDetails(body: unknown): { field: string; reason: string }[] | undefined {
  const details = isObject(body) ? body.details : undefined;
  if (!Array.isArray(details)) return undefined;
  return details
    .filter(isObject)
    .map((detail) => ({ field: String(detail.field ?? ''), reason: String(detail.reason ?? 'is invalid') }));
}

/** The one mapping of an HTTP status that is not a success (of a request or of one item of a batch). */
export function statusError(
  status: number,
  bodyText: string,
  request: RequestSummary,
  retryAfter: string | null = null,
): ConnectorError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const said = isObject(body) && typeof body.message === 'string' ? body.message : bodyText.slice(0, 200);
  const message = `${request.method} ${request.path} answered ${status}${said ? `: ${said}` : ''}`;
  const options = {
    status,
    request: { ...request },
    response: { status, body: bodyText.slice(0, BODY_EXCERPT_CHARS) },
  };
  if (status === 401 || status === 403) return new ConnectorError(message, 'auth', options);
  if (status === 408) return new ConnectorError(message, 'timeout', { ...options, retryable: true });
  if (status === 409 || status === 412) return new ConnectorError(message, 'conflict', options);
  if (status === 429 || status >= 500) {
    const category = status === 429 ? 'rate_limit' : 'remote_server';
    return new ConnectorError(message, category, {
      ...options,
      retryable: true,
      retryAfterMs: parseRetryAfter(retryAfter),
    });
  }
  return new ConnectorError(message, 'validation', { ...options, details: fieldDetails(body) });
}

interface FetchFailure {
  name?: string;
  message?: string;
  cause?: { code?: string; message?: string };
}

function transportError(error: unknown, request: RequestSummary, timeoutMs: number): ConnectorError {
  const where = `${request.method} ${request.path}`;
  const options = { retryable: true, request: { ...request }, cause: error };
  // Duck-typed: fetch's errors may come from another realm (a VM context), where instanceof fails.
  const failure = (error ?? {}) as FetchFailure;
  if (failure.name === 'TimeoutError') {
    return new ConnectorError(`${where} timed out after ${timeoutMs} ms`, 'timeout', options);
  }
  const reason = failure.cause?.code ?? failure.cause?.message ?? failure.message ?? String(error);
  return new ConnectorError(`${where} failed: ${reason}`, 'network', options);
}

/** `expectedVersion` as the remote wrote it: versions that look like numbers go back as numbers. */
function versionValue(version: string): string | number {
  return /^\d{1,15}$/.test(version) ? Number(version) : version;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Keys in groups short enough for one `?ids=` each. */
function idChunks(keys: readonly string[]): string[][] {
  const result: string[][] = [];
  let length = 0;
  for (const key of keys) {
    const last = result.at(-1);
    const keyLength = encodeURIComponent(key).length + 3;
    if (!last || last.length >= MAX_PER_REQUEST || length + keyLength > MAX_IDS_LENGTH) {
      result.push([key]);
      length = keyLength;
    } else {
      last.push(key);
      length += keyLength;
    }
  }
  return result;
}

/** A JSON REST collection: paged change feed, lookups by id, batched or per-record versioned writes. */
export class HttpConnector implements Connector {
  private readonly settings: Settings;
  private readonly collectionPath: string;
  private readonly token: string | undefined;
  private readonly limiter: Bottleneck | null;
  /** Present only with `checksumPath`: without it, verification lists every key instead. */
  readonly keyChecksums?: (ranges: number) => Promise<KeyRangeChecksum[]>;

  constructor(
    config: HttpConnectorConfig,
    private readonly context: ConnectorContext,
  ) {
    this.settings = { ...DEFAULTS, ...config };
    this.collectionPath = forEntity(config.collectionPath, context.entityType);
    this.token = context.credentials[`${context.side}.token`];
    this.limiter = config.requestsPerSecond ? new Bottleneck({ minTime: 1000 / config.requestsPerSecond }) : null;
    if (config.checksumPath) {
      const path = forEntity(config.checksumPath, context.entityType);
      this.keyChecksums = (ranges) => this.readKeyChecksums(path, ranges);
    }
  }

  async listChanged(position: string | null, limit: number): Promise<RecordPage> {
    const at: HttpPosition = position ? (JSON.parse(position) as HttpPosition) : {};
    const page = await this.readPage(at, Math.min(limit, this.settings.pageSize ?? MAX_PER_REQUEST), true);
    const records: SourceRecord[] = [];
    const rejected: RecordPage['rejected'] = [];
    let seen = at.seen;
    for (const item of page.items) {
      if (!isObject(item)) {
        rejected.push({ key: null, reason: 'not a JSON object' });
        continue;
      }
      const updatedAt = this.settings.updatedAtField ? item[this.settings.updatedAtField] : undefined;
      if (typeof updatedAt === 'string') seen = updatedAt;
      const key = this.keyOf(item);
      if (key === null) {
        const found = JSON.stringify(item[this.settings.keyField]) ?? 'none';
        rejected.push({ key: null, reason: `no usable ${this.settings.keyField} (found ${found})` });
      } else records.push(this.toRecord(item, key));
    }
    const next: HttpPosition =
      page.next === null ? { since: seen ?? at.since } : { since: at.since, seen, next: page.next };
    return { records, position: JSON.stringify(next), done: page.next === null, rejected };
  }

  listVersions(position: string | null, limit: number): Promise<VersionPage> {
    return versionsOf(this.listChanged(position, limit));
  }

  /** From the list answer's `totalField`, which counts the whole query: not known in the middle of a feed. */
  async countChanged(position: string | null): Promise<number | null> {
    const at: HttpPosition = position ? (JSON.parse(position) as HttpPosition) : {};
    if (!this.settings.totalField || at.next !== undefined) return null;
    return (await this.readPage(at, 1, true)).total;
  }

  async getByKeys(keys: readonly string[]): Promise<Map<string, SourceRecord>> {
    const found = new Map<string, SourceRecord>();
    const { idsParam, includeDeletedParam, pagination } = this.settings;
    if (pagination === 'none') {
      for (const key of keys) {
        const item = await this.request('GET', this.recordPath(key), { [includeDeletedParam]: 'true' }).catch(
          (error: unknown) => {
            if (error instanceof ConnectorError && error.options.status === 404) return null;
            throw error;
          },
        );
        if (isObject(item)) found.set(key, this.toRecord(item, key));
      }
      return found;
    }
    for (const chunk of idChunks(keys)) {
      const body = await this.request('GET', this.collectionPath, {
        [idsParam]: chunk.join(','),
        [includeDeletedParam]: 'true',
      });
      for (const item of this.itemsOf(body).filter(isObject)) {
        const key = this.keyOf(item);
        if (key !== null) found.set(key, this.toRecord(item, key));
      }
    }
    return found;
  }

  async upsert(writes: readonly RecordWrite[]): Promise<WriteOutcome[]> {
    const { batchPath, keyField } = this.settings;
    const item = (write: RecordWrite) => ({ ...write.data, [keyField]: write.key });
    if (!batchPath) {
      return this.oneByOne(writes, (write) =>
        this.request('PUT', this.recordPath(write.key), {}, item(write), write.expectedVersion),
      );
    }
    return this.inBatches(writes, 'upserts', (write) => ({
      ...item(write),
      ...(write.expectedVersion != null ? { expectedVersion: versionValue(write.expectedVersion) } : {}),
    }));
  }

  async delete(deletes: readonly RecordDelete[]): Promise<WriteOutcome[]> {
    if (!this.settings.batchPath) {
      return this.oneByOne(deletes, (item) =>
        this.request('DELETE', this.recordPath(item.key), {}, undefined, item.expectedVersion),
      );
    }
    return this.inBatches(deletes, 'deletes', (item) => ({
      id: item.key,
      ...(item.expectedVersion != null ? { expectedVersion: versionValue(item.expectedVersion) } : {}),
    }));
  }

  async count(): Promise<number> {
    let count = 0;
    for await (const items of this.livePages()) count += items.length;
    return count;
  }

  async *listKeys(): AsyncIterable<string[]> {
    for await (const items of this.livePages([this.settings.keyField])) {
      yield items
        .filter(isObject)
        .map((item) => this.keyOf(item))
        .filter((key) => key !== null);
    }
  }

  /** The remote's key checksums; a malformed answer fails, as it would make verification compare the wrong ranges. */
  private async readKeyChecksums(path: string, ranges: number): Promise<KeyRangeChecksum[]> {
    const body = await this.request('GET', path, { ranges: String(ranges) });
    const sums = checksumsOf(body, ranges);
    if (!sums) {
      const request = { method: 'GET', path: `${path}?ranges=${ranges}` };
      throw malformedAnswer(
        `GET ${request.path} answered no valid key checksums: expected { ranges: [{ range, count, xor }] }, ` +
          `each range below ${ranges} and listed once, with a count above 0 and xor as 16 lowercase hex digits`,
        body,
        request,
      );
    }
    return sums;
  }

  async testConnection(): Promise<ConnectionCheck> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const query = this.settings.pagination === 'none' ? {} : { [this.settings.limitParam]: '1' };
    try {
      await this.send('GET', this.collectionPath, query);
      return {
        reachable: true,
        authenticated: this.token ? true : null,
        latencyMs: latency(),
        message: `Connected; ${this.collectionPath} answered`,
      };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const unreachable = error.category === 'network' || error.category === 'timeout';
      return {
        reachable: !unreachable,
        authenticated: error.category === 'auth' ? false : null,
        latencyMs: unreachable ? null : latency(),
        message: error.message,
      };
    }
  }

  async close(): Promise<void> {
    await this.limiter?.stop();
  }

  /** One page of the collection, and where the next one starts (null after the last). */
  private async readPage(
    at: HttpPosition,
    size: number,
    includeDeleted: boolean,
    fields?: string[],
  ): Promise<{ items: unknown[]; next: string | number | null; total: number | null }> {
    const { pagination, limitParam, cursorParam, updatedSinceParam, includeDeletedParam, totalField } = this.settings;
    const query: Record<string, string> = {};
    if (fields && this.settings.fieldsParam) query[this.settings.fieldsParam] = fields.join(',');
    if (pagination !== 'none') query[limitParam] = String(size);
    if (at.since) query[updatedSinceParam] = at.since;
    if (includeDeleted) query[includeDeletedParam] = 'true';
    if (pagination === 'cursor' && at.next !== undefined) query[cursorParam] = String(at.next);
    if (pagination === 'page') query.page = String(at.next ?? 1);
    if (pagination === 'offset') query.offset = String(at.next ?? 0);
    const body = await this.request('GET', this.collectionPath, query);
    const items = this.itemsOf(body);
    const counted = totalField && isObject(body) ? body[totalField] : undefined;
    const total = typeof counted === 'number' && Number.isInteger(counted) && counted >= 0 ? counted : null;
    return { items, next: this.nextOf(body, at, items.length, size), total };
  }

  /** Where the page after this one starts, null after the last. */
  private nextOf(body: unknown, at: HttpPosition, count: number, size: number): string | number | null {
    const full = count >= size;
    switch (this.settings.pagination) {
      case 'cursor': {
        const cursor = isObject(body) ? body[this.settings.nextCursorField] : undefined;
        return typeof cursor === 'string' && cursor !== '' ? cursor : null;
      }
      case 'page':
        return full ? Number(at.next ?? 1) + 1 : null;
      case 'offset':
        return full ? Number(at.next ?? 0) + count : null;
      case 'none':
        return null;
    }
  }

  /** Every live record, page by page, from the start; with `fieldsParam`, only these fields of each. */
  private async *livePages(fields?: string[]): AsyncIterable<unknown[]> {
    let at: HttpPosition = {};
    for (;;) {
      const page = await this.readPage(at, this.settings.pageSize ?? MAX_PER_REQUEST, false, fields);
      yield page.items;
      if (page.next === null) return;
      at = { next: page.next };
    }
  }

  private itemsOf(body: unknown): unknown[] {
    const items = Array.isArray(body) ? body : isObject(body) ? body[this.settings.itemsField] : undefined;
    if (!Array.isArray(items)) {
      throw malformedAnswer(
        `${this.collectionPath} answered without an array of records in "${this.settings.itemsField}"`,
        body,
      );
    }
    return items;
  }

  /** A string or finite number key; anything else cannot be matched with the other side. */
  private keyOf(item: Json): string | null {
    const key = item[this.settings.keyField];
    if (typeof key === 'string' && key !== '') return key;
    return typeof key === 'number' && Number.isFinite(key) ? String(key) : null;
  }

  private toRecord(item: Json, key: string): SourceRecord {
    const { versionField, deletedField, updatedAtField } = this.settings;
    const updatedAt = updatedAtField ? item[updatedAtField] : undefined;
    const date = typeof updatedAt === 'string' || typeof updatedAt === 'number' ? new Date(updatedAt) : null;
    const version = item[versionField];
    return {
      key,
      updatedAt: date && !Number.isNaN(date.getTime()) ? date : null,
      version: version === undefined || version === null ? null : String(version),
      data: item[deletedField] === true ? null : item,
    };
  }

  private recordPath(key: string): string {
    return `${this.collectionPath.replace(/\/$/, '')}/${encodeURIComponent(key)}`;
  }

  /** One request per record, each answered on its own. */
  private async oneByOne<T extends RecordDelete>(
    items: readonly T[],
    write: (item: T) => Promise<unknown>,
  ): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    for (const item of items) {
      try {
        const answer = await write(item);
        const version = isObject(answer) ? answer[this.settings.versionField] : undefined;
        outcomes.push(this.outcome(item, { status: 200, version }));
      } catch (error) {
        if (!(error instanceof ConnectorError) || error.retryable || error.category === 'auth') throw error;
        outcomes.push(
          error.options.status === 404 ? this.outcome(item, { status: 404 }) : { key: item.key, ok: false, error },
        );
      }
    }
    return outcomes;
  }

  /** Writes through the batch endpoint, up to MAX_PER_REQUEST items per request, one result per item. */
  private async inBatches<T extends RecordDelete>(
    items: readonly T[],
    kind: 'upserts' | 'deletes',
    toItem: (item: T) => Json,
  ): Promise<WriteOutcome[]> {
    const path = forEntity(this.settings.batchPath!, this.context.entityType);
    const outcomes: WriteOutcome[] = [];
    for (const chunk of chunks(items, MAX_PER_REQUEST)) {
      const body = await this.request('POST', path, {}, { [kind]: chunk.map(toItem) });
      const results = isObject(body) && Array.isArray(body.results) ? body.results : [];
      if (results.length !== chunk.length) {
        throw malformedAnswer(`POST ${path} answered ${results.length} results for ${chunk.length} writes`, body, {
          method: 'POST',
          path,
        });
      }
      chunk.forEach((item, index) => {
        const result = results[index] as ItemResult;
        outcomes.push(
          result.status < 300 || result.status === 404
            ? this.outcome(item, result)
            : {
                key: item.key,
                ok: false,
                error: statusError(result.status, JSON.stringify(result), { method: 'POST', path }),
              },
        );
      });
    }
    return outcomes;
  }

  /** A successful write (or a delete of a record already gone, 404), and whether it changed anything. */
  private outcome(item: RecordDelete, result: ItemResult): WriteOutcome {
    if (result.status === 404) return { key: item.key, ok: true, version: null, changed: false };
    const version = result.version === undefined || result.version === null ? null : String(result.version);
    const expected = item.expectedVersion ?? null;
    const changed = result.status === 201 || expected === null || version !== expected;
    return { key: item.key, ok: true, version, changed };
  }

  /** One request with retries; answers the parsed JSON body. */
  private request(
    method: string,
    path: string,
    query: Record<string, string> = {},
    body?: unknown,
    expectedVersion?: string | null,
  ): Promise<unknown> {
    return withRetry(
      () => this.send(method, path, query, body, expectedVersion),
      this.context.retry,
      this.context.onRetry,
    );
  }

  /** One attempt, within the rate limit. */
  private send(
    method: string,
    path: string,
    query: Record<string, string> = {},
    body?: unknown,
    expectedVersion?: string | null,
  ): Promise<unknown> {
    return this.limiter
      ? this.limiter.schedule(() => this.fetchJson(method, path, query, body, expectedVersion))
      : this.fetchJson(method, path, query, body, expectedVersion);
  }

  private async fetchJson(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    expectedVersion: string | null | undefined,
  ): Promise<unknown> {
    const url = new URL(`${this.settings.baseUrl.replace(/\/$/, '')}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const request: RequestSummary = { method, path: `${url.pathname}${url.search}` };
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) {
      const header = this.settings.authHeader ?? 'Authorization';
      headers[header] = header.toLowerCase() === 'authorization' ? `Bearer ${this.token}` : this.token;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (expectedVersion != null) headers['if-match'] = `"${expectedVersion}"`;
    const { timeoutMs } = this.settings;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      throw transportError(error, request, timeoutMs);
    }
    // A server echoing what it was sent must not put the token into stored errors.
    if (this.token) text = text.replaceAll(this.token, '[redacted]');
    if (status < 200 || status >= 300) throw statusError(status, text, request, retryAfter);
    try {
      return text === '' ? null : (JSON.parse(text) as unknown);
    } catch (error) {
      throw new ConnectorError(`${method} ${request.path} answered invalid JSON`, 'remote_server', {
        status,
        request: { ...request },
        response: { status, body: text.slice(0, BODY_EXCERPT_CHARS) },
        cause: error,
      });
    }
  }
}
