import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ConnectionCheck, CsvConnectorConfig } from '@syncline/contracts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  ConnectorError,
  forEntity,
  messageOf,
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

const KEYS_PER_BATCH = 5000;

type Row = Record<string, string>;

interface Sheet {
  /** Column names in file order. */
  header: string[];
  rows: Row[];
}

/** The last `[updatedAt in ms or null, key]` read, in the order `listChanged` reads. */
type CsvPosition = [time: number | null, key: string];

/** Writes to one file wait for each other, whichever connector instance makes them. */
const fileQueues = new Map<string, Promise<unknown>>();

async function exclusive<T>(path: string, task: () => Promise<T>): Promise<T> {
  const run = (fileQueues.get(path) ?? Promise.resolve()).then(task);
  const settled = run.catch(() => undefined);
  fileQueues.set(path, settled);
  try {
    return await run;
  } finally {
    if (fileQueues.get(path) === settled) fileQueues.delete(path);
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A short hash of the row's non-empty cells, so adding a column or reordering them keeps every version. */
function versionOf(row: Row): string {
  const content = Object.entries(row)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha1').update(JSON.stringify(content)).digest('hex').slice(0, 12);
}

function fileError(error: unknown, action: string, path: string): ConnectorError {
  const reason = messageOf(error);
  return new ConnectorError(`Could not ${action} ${path}: ${reason}`, 'internal', { cause: error });
}

/** A CSV file: each row a record, rewritten whole (atomically) on every write. */
export class CsvConnector implements Connector {
  private readonly path: string;
  private readonly delimiter: string;

  constructor(
    private readonly config: CsvConnectorConfig,
    context: ConnectorContext,
  ) {
    this.path = forEntity(config.path, context.entityType);
    this.delimiter = config.delimiter ?? ',';
  }

  async listChanged(position: string | null, limit: number): Promise<RecordPage> {
    const { rows } = await this.read();
    const rejected = rows
      .filter((row) => !row[this.config.keyColumn])
      .map(() => ({ key: null, reason: `no ${this.config.keyColumn}` }));
    const ordered = this.changedAfter(rows, position);
    const records = ordered.slice(0, limit);
    const done = records.length === ordered.length;
    const last = records.at(-1);
    // Without an updated-at column nothing tells what changed, so every run reads the whole file.
    const startOver = done && !this.config.updatedAtColumn;
    return {
      records,
      position: startOver ? null : last ? JSON.stringify(this.positionOf(last)) : position,
      done,
      rejected: position === null ? rejected : [],
    };
  }

  async countChanged(position: string | null): Promise<number> {
    return this.changedAfter((await this.read()).rows, position).length;
  }

  /** The keyed records after `position`, in feed order. */
  private changedAfter(rows: Sheet['rows'], position: string | null): SourceRecord[] {
    const after = position === null ? null : (JSON.parse(position) as CsvPosition);
    return rows
      .filter((row) => row[this.config.keyColumn])
      .map((row) => this.toRecord(row))
      .sort((a, b) => this.compare(this.positionOf(a), this.positionOf(b)))
      .filter((record) => after === null || this.compare(this.positionOf(record), after) > 0);
  }

  listVersions(position: string | null, limit: number): Promise<VersionPage> {
    return versionsOf(this.listChanged(position, limit));
  }

  async getByKeys(keys: readonly string[]): Promise<Map<string, SourceRecord>> {
    const wanted = new Set(keys);
    const { rows } = await this.read();
    const found = rows.filter((row) => wanted.has(row[this.config.keyColumn])).map((row) => this.toRecord(row));
    return new Map(found.map((record) => [record.key, record]));
  }

  async upsert(writes: readonly RecordWrite[]): Promise<WriteOutcome[]> {
    return this.rewrite((sheet) => {
      const byKey = new Map(sheet.rows.map((row) => [row[this.config.keyColumn], row]));
      const now = new Date().toISOString();
      return writes.map((write): WriteOutcome => {
        const current = byKey.get(write.key);
        const conflict = this.conflict(write, current);
        if (conflict) return conflict;
        const cells = Object.fromEntries(Object.entries(write.data).map(([name, value]) => [name, cell(value)]));
        const row: Row = { ...current, ...cells, [this.config.keyColumn]: write.key };
        const { updatedAtColumn } = this.config;
        if (updatedAtColumn) row[updatedAtColumn] = current?.[updatedAtColumn] ?? '';
        if (current && versionOf(row) === versionOf(current)) {
          return { key: write.key, ok: true, version: versionOf(current), changed: false };
        }
        if (updatedAtColumn) row[updatedAtColumn] = now;
        if (current) Object.assign(current, row);
        else {
          sheet.rows.push(row);
          byKey.set(write.key, row);
        }
        for (const name of Object.keys(row)) if (!sheet.header.includes(name)) sheet.header.push(name);
        return { key: write.key, ok: true, version: versionOf(row), changed: true };
      });
    });
  }

  async delete(deletes: readonly RecordDelete[]): Promise<WriteOutcome[]> {
    return this.rewrite((sheet) => {
      const byKey = new Map(sheet.rows.map((row) => [row[this.config.keyColumn], row]));
      const removed = new Set<Row>();
      const outcomes = deletes.map((item): WriteOutcome => {
        const current = byKey.get(item.key);
        // A row already gone is what the delete wanted.
        if (!current || removed.has(current)) return { key: item.key, ok: true, version: null, changed: false };
        const conflict = this.conflict(item, current);
        if (conflict) return conflict;
        removed.add(current);
        return { key: item.key, ok: true, version: null, changed: true };
      });
      sheet.rows = sheet.rows.filter((row) => !removed.has(row));
      return outcomes;
    });
  }

  async count(): Promise<number> {
    return (await this.read()).rows.filter((row) => row[this.config.keyColumn]).length;
  }

  async *listKeys(): AsyncIterable<string[]> {
    const keys = (await this.read()).rows.map((row) => row[this.config.keyColumn]).filter(Boolean);
    for (let start = 0; start < keys.length; start += KEYS_PER_BATCH) yield keys.slice(start, start + KEYS_PER_BATCH);
  }

  async testConnection(): Promise<ConnectionCheck> {
    const started = performance.now();
    const check = (reachable: boolean, message: string): ConnectionCheck => ({
      reachable,
      authenticated: null,
      latencyMs: reachable ? Math.round(performance.now() - started) : null,
      message,
    });
    try {
      await access(this.path, constants.R_OK);
    } catch {
      try {
        await access(dirname(this.path), constants.W_OK);
        return check(true, `${this.path} does not exist yet; the first write creates it`);
      } catch (error) {
        return check(false, `${this.path} does not exist and its directory is not writable: ${String(error)}`);
      }
    }
    try {
      const { rows } = await this.read();
      return check(true, `${this.path} is readable (${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`);
    } catch (error) {
      return check(false, messageOf(error));
    }
  }

  async close(): Promise<void> {
    // Nothing stays open between calls.
  }

  private async read(): Promise<Sheet> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return { header: [], rows: [] };
      throw fileError(error, 'read', this.path);
    }
    let header: string[] = [];
    try {
      const rows = parse(text, {
        bom: true,
        delimiter: this.delimiter,
        skip_empty_lines: true,
        columns: (names: string[]) => (header = names),
      }) as Row[];
      return { header, rows };
    } catch (error) {
      throw fileError(error, 'parse', this.path);
    }
  }

  /** Applies `change` to the file's rows under the file's lock; writes the file back when anything changed. */
  private rewrite(change: (sheet: Sheet) => WriteOutcome[]): Promise<WriteOutcome[]> {
    return exclusive(this.path, async () => {
      const sheet = await this.read();
      if (sheet.header.length === 0) sheet.header.push(this.config.keyColumn);
      const outcomes = change(sheet);
      if (outcomes.some((outcome) => outcome.ok && outcome.changed)) await this.write(sheet);
      return outcomes;
    });
  }

  /** Writes a temporary file beside the target and renames it over: readers see the old file or the new one. */
  private async write(sheet: Sheet): Promise<void> {
    const text = stringify(sheet.rows, { header: true, columns: sheet.header, delimiter: this.delimiter });
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw fileError(error, 'write', this.path);
    }
  }

  private conflict(item: RecordDelete, current: Row | undefined): WriteOutcome | null {
    if (item.expectedVersion == null) return null;
    const version = current ? versionOf(current) : null;
    if (version === item.expectedVersion) return null;
    const now = version === null ? 'it has been deleted' : `it is now at version ${version}`;
    return {
      key: item.key,
      ok: false,
      error: new ConnectorError(`Record ${item.key} changed since it was read: ${now}`, 'conflict'),
    };
  }

  private toRecord(row: Row): SourceRecord {
    const stamp = this.config.updatedAtColumn ? new Date(row[this.config.updatedAtColumn] ?? '') : null;
    return {
      key: row[this.config.keyColumn],
      updatedAt: stamp && !Number.isNaN(stamp.getTime()) ? stamp : null,
      version: versionOf(row),
      data: { ...row },
    };
  }

  private positionOf(record: SourceRecord): CsvPosition {
    return [record.updatedAt?.getTime() ?? null, record.key];
  }

  /** Rows without a timestamp first, then by time, then by key. */
  private compare([timeA, keyA]: CsvPosition, [timeB, keyB]: CsvPosition): number {
    const byTime = (timeA ?? -Infinity) - (timeB ?? -Infinity);
    if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
    return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
  }
}
