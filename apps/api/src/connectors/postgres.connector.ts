import type { ConnectionCheck, PostgresConnectorConfig } from '@syncline/contracts';
import { Pool, types, type CustomTypesConfig, type QueryResultRow } from 'pg';
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
} from './connector';
import { keyHashSql, type KeyRangeChecksum } from './key-hash';
import { withRetry } from './retry';

const KEYS_PER_BATCH = 5000;
/** Columns the connector's own queries add to a table's rows. */
const META_COLUMNS = new Set(['__version', '__updated_at', '__written']);
const CONNECT_TIMEOUT_MS = 10_000;
/** Connection-level failures: the server went away or never answered; a retry may find it back. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);
const SERVER_GONE_CODES = new Set(['57P01', '57P02', '57P03']);
/** SQLSTATE classes caused by a value a record carries: bad input text, a broken constraint, a duplicate. */
const RECORD_ERROR_CLASSES = new Set(['21', '22', '23']);

// Dates and timestamps without a zone name no instant: parsing them into a JS Date would shift them by
// the host's zone, so they stay as PostgreSQL writes them (and go back in unchanged).
const TEXT_TYPE_IDS = new Set<number>([types.builtins.DATE, types.builtins.TIMESTAMP]);
const typeParsers: CustomTypesConfig = {
  getTypeParser: ((id: number, format?: 'text' | 'binary') => {
    if (TEXT_TYPE_IDS.has(id)) return (value: string) => value;
    if (id === types.builtins.TIMESTAMPTZ) return isoInstant;
    return types.getTypeParser(id, format);
  }) as typeof types.getTypeParser,
};

const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;
const parseTimestamptz = types.getTypeParser(types.builtins.TIMESTAMPTZ);

/**
 * A timestamptz as the ISO string a JSON record carries (what `Date#toISOString` gives), rewritten from
 * PostgreSQL's UTC text: every row read has some, and a Date per value made reading rows a tenth slower.
 * Other forms (BC years, infinity) go the long way through a Date.
 */
export function isoInstant(value: string): unknown {
  const match = UTC_TIMESTAMP.exec(value);
  if (match) return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  const parsed: unknown = parseTimestamptz(value);
  return parsed instanceof Date ? parsed.toISOString() : parsed;
}

interface Column {
  name: string;
  /** As `format_type` spells it, e.g. `numeric(12,2)`, usable in a cast. */
  type: string;
}

interface TableShape {
  columns: Map<string, Column>;
  keyType: string;
  updatedAtType: string;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function jsonSafe(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value)) return value.map(jsonSafe);
  return value;
}

/** Classifies a pg failure: connection trouble and timeouts are retryable, a bad value belongs to its record. */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = messageOf(error);
  const options = { cause: error, retryable: true };
  if (NETWORK_CODES.has(code) || SERVER_GONE_CODES.has(code) || code.startsWith('08')) {
    return new ConnectorError(`PostgreSQL connection failed: ${message || code}`, 'network', options);
  }
  if (!code && /connection terminated/i.test(message)) return new ConnectorError(message, 'network', options);
  if (code === '57014' || (!code && /timeout/i.test(message))) return new ConnectorError(message, 'timeout', options);
  // Serialization failures and deadlocks are resolved by running the statement again.
  if (code === '40001' || code === '40P01') return new ConnectorError(message, 'conflict', options);
  if (code === '28P01' || code === '28000') return new ConnectorError(message, 'auth', { cause: error });
  if (RECORD_ERROR_CLASSES.has(code.slice(0, 2))) {
    const column = (error as { column?: string }).column;
    const details = column ? [{ field: column, reason: message }] : undefined;
    return new ConnectorError(message, 'validation', { cause: error, details });
  }
  return new ConnectorError(message, 'internal', { cause: error });
}

/** A table in any PostgreSQL database, read incrementally by `(updatedAtColumn, keyColumn)`. */
export class PostgresConnector implements Connector {
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly tableName: string;
  /** Quoted and schema-qualified, ready for SQL. */
  private readonly table: string;
  private readonly key: string;
  private readonly updatedAt: string;
  private shape: Promise<TableShape> | undefined;

  constructor(
    private readonly config: PostgresConnectorConfig,
    private readonly context: ConnectorContext,
  ) {
    this.schema = forEntity(config.schema ?? 'public', context.entityType);
    this.tableName = forEntity(config.table, context.entityType);
    this.table = `${quote(this.schema)}.${quote(this.tableName)}`;
    this.key = quote(config.keyColumn);
    this.updatedAt = quote(config.updatedAtColumn);
    const url = new URL(config.url);
    const password = context.credentials[`${context.side}.password`];
    if (password) url.password = password;
    this.pool = new Pool({
      connectionString: url.toString(),
      max: 4,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Versions are `updated_at` as text: one zone for every connection keeps them comparable.
      options: '-c TimeZone=UTC',
      types: typeParsers,
    });
    // An idle connection the server dropped: the pool replaces it, and the next query reports real trouble.
    this.pool.on('error', () => undefined);
  }

  async listChanged(position: string | null, limit: number): Promise<RecordPage> {
    const rows = await this.readFeed(`t.*, ${this.versionColumns('t')}`, position, limit);
    return this.page(
      rows.map((row) => this.toRecord(row)),
      position,
      limit,
    );
  }

  async listVersions(position: string | null, limit: number): Promise<VersionPage> {
    const rows = await this.readFeed(
      `t.${this.key}::text AS key, t.${this.updatedAt}::text AS version`,
      position,
      limit,
    );
    return this.page(
      rows.map((row) => ({ key: row.key as string, version: row.version as string, deleted: false })),
      position,
      limit,
    );
  }

  async getByKeys(keys: readonly string[]): Promise<Map<string, SourceRecord>> {
    if (keys.length === 0) return new Map();
    const { keyType } = await this.tableShape();
    const rows = await this.query(
      `SELECT t.*, ${this.versionColumns('t')} FROM ${this.table} t WHERE t.${this.key} = ANY($1::${keyType}[])`,
      [keys],
    );
    return new Map(rows.map((row) => this.toRecord(row)).map((record) => [record.key, record]));
  }

  async upsert(writes: readonly RecordWrite[]): Promise<WriteOutcome[]> {
    const { columns } = await this.tableShape();
    const outcomes = new Map<RecordWrite, WriteOutcome>();
    // Records naming the same columns share one statement; usually that is the whole batch.
    const byColumns = new Map<string, RecordWrite[]>();
    // Writes of a batch usually carry the same fields: each set of fields is checked and ordered once.
    const shapes = new Map<string, { unknown: string[]; names: string }>();
    for (const write of writes) {
      const fields = Object.keys(write.data);
      const signature = fields.join('\0');
      let shape = shapes.get(signature);
      if (!shape) {
        shape = {
          unknown: fields.filter((field) => !columns.has(field)),
          names: this.writtenColumns(fields).join('\0'),
        };
        shapes.set(signature, shape);
      }
      if (shape.unknown.length > 0) {
        outcomes.set(write, { key: write.key, ok: false, error: this.unknownColumns(shape.unknown) });
        continue;
      }
      const names = shape.names;
      const group = byColumns.get(names);
      if (group) group.push(write);
      else byColumns.set(names, [write]);
    }
    for (const [names, group] of byColumns) {
      const statement = this.upsertStatement(names.split('\0'), columns);
      const written = await this.oneByOneOnBadValue(group, (batch) => this.runUpsert(statement, batch));
      group.forEach((write, index) => outcomes.set(write, written[index]));
    }
    return writes.map((write) => outcomes.get(write)!);
  }

  async delete(deletes: readonly RecordDelete[]): Promise<WriteOutcome[]> {
    if (deletes.length === 0) return [];
    const { keyType } = await this.tableShape();
    return this.oneByOneOnBadValue(deletes, async (batch) => {
      const rows = await this.query(
        `WITH input AS (
           SELECT x.key, x.expected, x.ord FROM unnest($1::${keyType}[], $2::text[]) WITH ORDINALITY AS x(key, expected, ord)
         ), deleted AS (
           DELETE FROM ${this.table} t USING input i
           WHERE t.${this.key} = ANY($1::${keyType}[]) AND t.${this.key} = i.key
             AND (i.expected IS NULL OR t.${this.updatedAt}::text = i.expected)
           RETURNING t.${this.key} AS key
         )
         SELECT d.key IS NOT NULL AS deleted,
           (SELECT current.${this.updatedAt}::text FROM ${this.table} current WHERE current.${this.key} = i.key) AS current
         FROM input i
         LEFT JOIN deleted d ON d.key = i.key
         ORDER BY i.ord`,
        [batch.map((item) => item.key), batch.map((item) => item.expectedVersion ?? null)],
      );
      return batch.map((item, index): WriteOutcome => {
        const { deleted, current } = rows[index] as { deleted: boolean; current: string | null };
        // A record already gone is what the delete wanted.
        if (deleted || current === null) return { key: item.key, ok: true, version: null, changed: deleted };
        return { key: item.key, ok: false, error: this.changedSinceRead(item.key, current) };
      });
    });
  }

  async count(): Promise<number> {
    return this.countChanged(null);
  }

  async countChanged(position: string | null): Promise<number> {
    const after = await this.after(position, 1);
    const [row] = await this.query(`SELECT count(*) AS count FROM ${this.table} t ${after.where}`, after.params);
    return Number(row.count);
  }

  async *listKeys(): AsyncIterable<string[]> {
    const { keyType } = await this.tableShape();
    let after: string | null = null;
    for (;;) {
      const rows = await this.query(
        `SELECT t.${this.key}::text AS key FROM ${this.table} t
         ${after === null ? '' : `WHERE t.${this.key} > $2::${keyType}`}
         ORDER BY t.${this.key} LIMIT $1`,
        after === null ? [KEYS_PER_BATCH] : [KEYS_PER_BATCH, after],
      );
      const keys = rows.map((row) => row.key as string);
      if (keys.length > 0) yield keys;
      if (keys.length < KEYS_PER_BATCH) return;
      after = keys[keys.length - 1];
    }
  }

  /** Computed by PostgreSQL (14 or later, for `bit_xor`): only the ranges' sums leave the database. */
  async keyChecksums(ranges: number): Promise<KeyRangeChecksum[]> {
    const rows = await this.query(
      `SELECT (h & $1::bigint)::int AS range, count(*)::int AS count, lpad(to_hex(bit_xor(h)), 16, '0') AS xor
       FROM (SELECT ${keyHashSql(`t.${this.key}::text`)} AS h FROM ${this.table} t) hashed
       GROUP BY 1 ORDER BY 1`,
      [ranges - 1],
    );
    return rows as KeyRangeChecksum[];
  }

  async testConnection(): Promise<ConnectionCheck> {
    const started = performance.now();
    try {
      await this.pool.query('SELECT 1');
      const latencyMs = Math.round(performance.now() - started);
      const [{ found }] = (await this.pool.query('SELECT to_regclass($1) IS NOT NULL AS found', [this.table])).rows;
      const message = found
        ? `Connected; table ${this.schema}.${this.tableName} found`
        : `Connected, but table ${this.schema}.${this.tableName} does not exist`;
      return { reachable: true, authenticated: true, latencyMs, message };
    } catch (error) {
      const failure = toConnectorError(error);
      const unreachable = failure.category === 'network' || failure.category === 'timeout';
      return {
        reachable: !unreachable,
        authenticated: failure.category === 'auth' ? false : null,
        latencyMs: null,
        message: failure.message,
      };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query(sql: string, params: unknown[]): Promise<QueryResultRow[]> {
    return withRetry(
      async () => {
        try {
          return (await this.pool.query(sql, params)).rows;
        } catch (error) {
          throw toConnectorError(error);
        }
      },
      this.context.retry,
      this.context.onRetry,
    );
  }

  /** The table's columns, read once; a failed read is tried again next time. */
  private tableShape(): Promise<TableShape> {
    this.shape ??= this.readShape().catch((error: unknown) => {
      this.shape = undefined;
      throw error;
    });
    return this.shape;
  }

  private async readShape(): Promise<TableShape> {
    const rows = await this.query(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
       WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`,
      [this.table],
    );
    const name = `${this.schema}.${this.tableName}`;
    if (rows.length === 0) {
      throw new ConnectorError(`Table ${name} does not exist`, 'validation', {
        details: [{ field: 'table', reason: `${name} does not exist` }],
      });
    }
    const columns = new Map(rows.map((row) => [row.name as string, row as Column]));
    for (const [field, column] of [
      ['keyColumn', this.config.keyColumn],
      ['updatedAtColumn', this.config.updatedAtColumn],
    ]) {
      if (!columns.has(column)) {
        throw new ConnectorError(`Table ${name} has no column ${column}`, 'validation', {
          details: [{ field, reason: `${name} has no column ${column}` }],
        });
      }
    }
    return {
      columns,
      keyType: columns.get(this.config.keyColumn)!.type,
      updatedAtType: columns.get(this.config.updatedAtColumn)!.type,
    };
  }

  /** One page of the change feed, ordered by (updated at, key) as positions require. */
  private async readFeed(select: string, position: string | null, limit: number): Promise<QueryResultRow[]> {
    const after = await this.after(position, 2);
    return this.query(
      `SELECT ${select} FROM ${this.table} t ${after.where}
       ORDER BY t.${this.updatedAt}, t.${this.key}
       LIMIT $1`,
      [limit, ...after.params],
    );
  }

  /** The feed's condition for rows after `position`, its parameters numbered from `first`. */
  private async after(position: string | null, first: number): Promise<{ where: string; params: string[] }> {
    if (position === null) return { where: '', params: [] };
    const { keyType, updatedAtType } = await this.tableShape();
    const [updatedAt, key] = JSON.parse(position) as [updatedAt: string, key: string];
    return {
      where: `WHERE (t.${this.updatedAt}, t.${this.key}) > ($${first}::${updatedAtType}, $${first + 1}::${keyType})`,
      params: [updatedAt, key],
    };
  }

  private page<T extends { key: string; version: string | null }>(
    records: T[],
    position: string | null,
    limit: number,
  ) {
    const last = records.at(-1);
    return {
      records,
      position: last ? JSON.stringify([last.version, last.key]) : position,
      done: records.length < limit,
      rejected: [],
    };
  }

  /** The meta columns `toRecord` reads from a row of `alias`. */
  private versionColumns(alias: string): string {
    return `${alias}.${this.updatedAt}::text AS "__version", ${alias}.${this.updatedAt}::timestamptz AS "__updated_at"`;
  }

  private toRecord(row: QueryResultRow): SourceRecord {
    const data: Record<string, unknown> = {};
    for (const name of Object.keys(row)) {
      if (!META_COLUMNS.has(name)) data[name] = jsonSafe(row[name]);
    }
    const updatedAt = typeof row.__updated_at === 'string' ? new Date(row.__updated_at) : null;
    return { key: String(row[this.config.keyColumn]), updatedAt, version: row.__version, data };
  }

  /** The key and the data's columns, in a stable order; the connector owns the updated-at column. */
  private writtenColumns(fields: string[]): string[] {
    const names = new Set([this.config.keyColumn, ...[...fields].sort()]);
    names.delete(this.config.updatedAtColumn);
    return [...names];
  }

  /**
   * Writes a batch in one statement: unconditional writes as an upsert that leaves equal rows alone,
   * versioned ones as an update of the row still at that version. It answers, per input, the version
   * written (if any), the version found before, from which each outcome follows, and the row as now
   * stored (the statement's snapshot predates its own writes, hence the written row where there is one).
   */
  private upsertStatement(columns: string[], types: ReadonlyMap<string, Column>): string {
    const { keyColumn } = this.config;
    const values = columns.filter((name) => name !== keyColumn);
    const list = columns.map(quote).join(', ');
    // json has no equality operator; jsonb compares its content.
    const comparable = (prefix: string, name: string) =>
      types.get(name)?.type === 'json' ? `${prefix}${quote(name)}::jsonb` : `${prefix}${quote(name)}`;
    const differs = (left: string, right: string) =>
      values.length === 0
        ? 'false'
        : `ROW(${values.map((name) => comparable(left, name)).join(', ')}) IS DISTINCT FROM ROW(${values.map((name) => comparable(right, name)).join(', ')})`;
    const assign = (source: string) =>
      [...values.map((name) => `${quote(name)} = ${source}${quote(name)}`), `${this.updatedAt} = now()`].join(', ');
    // The batch comes as one JSON array of rows, zipped with its expected versions: one parameter to
    // parse each, where an array of documents would be escaped and parsed element by element.
    const inputColumns = [...[...types.keys()].map(quote), '"__expected"', '"__ord"'].join(', ');
    const keys = (source: string) =>
      `${source}${this.key} = ANY(ARRAY(SELECT i.${this.key} FROM input i WHERE i."__expected" IS NOT NULL))`;
    return `WITH input AS (
        SELECT * FROM ROWS FROM (json_populate_recordset(NULL::${this.table}, $1::json), unnest($2::text[]))
          WITH ORDINALITY AS x(${inputColumns})
      ), upserted AS (
        INSERT INTO ${this.table} AS t (${list}, ${this.updatedAt})
        SELECT ${columns.map((name) => `i.${quote(name)}`).join(', ')}, now() FROM input i WHERE i."__expected" IS NULL
        ON CONFLICT (${this.key}) DO UPDATE SET ${assign('excluded.')}
        WHERE ${differs('t.', 'excluded.')}
        RETURNING t.${this.key} AS key, t.${this.updatedAt}::text AS version, t AS stored
      ), updated AS (
        UPDATE ${this.table} AS t SET ${assign('i.')}
        FROM input i
        -- The key list lets the planner look rows up by index instead of joining the whole table.
        WHERE ${keys('t.')} AND i."__expected" IS NOT NULL AND t.${this.key} = i.${this.key}
          AND t.${this.updatedAt}::text = i."__expected" AND ${differs('t.', 'i.')}
        RETURNING t.${this.key} AS key, t.${this.updatedAt}::text AS version, t AS stored
      ), outcome AS MATERIALIZED (
        -- The row as stored: the one written, else the one found (a subquery per row is an index lookup,
        -- where a join may scan the table). Materialized, so that expanding its columns looks up once.
        SELECT i."__ord" AS ord, w.version AS written,
          COALESCE(w.stored, (SELECT current FROM ${this.table} current WHERE current.${this.key} = i.${this.key})) AS row
        FROM input i
        LEFT JOIN (SELECT * FROM upserted UNION ALL SELECT * FROM updated) w ON w.key = i.${this.key}
      )
      SELECT o.written AS "__written", (o.row).*, ${this.versionColumns('(o.row)')}
      FROM outcome o ORDER BY o.ord`;
  }

  private async runUpsert(statement: string, batch: readonly RecordWrite[]): Promise<WriteOutcome[]> {
    const documents = batch.map((write) => ({ ...write.data, [this.config.keyColumn]: write.key }));
    const rows = await this.query(statement, [
      JSON.stringify(documents),
      batch.map((write) => write.expectedVersion ?? null),
    ]);
    return batch.map((write, index): WriteOutcome => {
      const row = rows[index];
      const written = row.__written as string | null;
      // Where nothing was written, the row is the one found, at its current version (null: no such row).
      const current = row.__version as string | null;
      if (written !== null)
        return { key: write.key, ok: true, version: written, changed: true, stored: this.toRecord(row) };
      const expected = write.expectedVersion ?? null;
      if (current !== null && (expected === null || expected === current)) {
        return { key: write.key, ok: true, version: current, changed: false, stored: this.toRecord(row) };
      }
      return { key: write.key, ok: false, error: this.changedSinceRead(write.key, current) };
    });
  }

  /**
   * Runs `write` on the whole batch; when one bad value fails the statement (and so the whole batch),
   * runs it record by record so that only the bad record fails.
   */
  private async oneByOneOnBadValue<T extends { key: string }>(
    batch: readonly T[],
    write: (batch: readonly T[]) => Promise<WriteOutcome[]>,
  ): Promise<WriteOutcome[]> {
    try {
      return await write(batch);
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.category !== 'validation') throw error;
      if (batch.length === 1) return [{ key: batch[0].key, ok: false, error }];
    }
    const outcomes: WriteOutcome[] = [];
    for (const item of batch) outcomes.push(...(await this.oneByOneOnBadValue([item], write)));
    return outcomes;
  }

  private unknownColumns(fields: string[]): ConnectorError {
    const table = `${this.schema}.${this.tableName}`;
    return new ConnectorError(`Unknown columns of ${table}: ${fields.join(', ')}`, 'validation', {
      details: fields.map((field) => ({ field, reason: `is not a column of ${table}` })),
    });
  }

  private changedSinceRead(key: string, current: string | null): ConnectorError {
    const now = current === null ? 'it has been deleted' : `its ${this.config.updatedAtColumn} is now ${current}`;
    return new ConnectorError(`Record ${key} changed since it was read: ${now}`, 'conflict');
  }
}
