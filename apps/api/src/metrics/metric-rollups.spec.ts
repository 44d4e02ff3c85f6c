import {
  ERROR_CATEGORIES,
  histogramBucket,
  histogramPercentile,
  INTERVAL_MS,
  METRIC_INTERVALS,
  SYNC_STAGES,
  TERMINAL_STATUSES,
} from '@syncline/contracts';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../core/database/data-source-options';
import { ensureDatabase } from '../core/database/ensure-database';
import { dropIsolated, isolatedEnv } from '../test/test-app';

interface GeneratedSession {
  integration: number;
  entity: string;
  status: (typeof TERMINAL_STATUSES)[number] | 'running';
  reportedFinished: boolean;
  startMs: number;
  durationMs: number;
  processed: number;
  failed: number;
  conflicts: number;
  phases: Partial<Record<(typeof SYNC_STAGES)[number], number>>;
  errors: { category: (typeof ERROR_CATEGORIES)[number]; atMs: number }[];
  samples: {
    name: 'api_latency_ms' | 'queue_depth' | 'phase_duration_ms';
    value: number;
    stage?: string;
    atMs: number;
  }[];
}

const EPOCH = Date.UTC(2026, 10, 20);
const instant = fc.integer({ min: 0, max: 3 * INTERVAL_MS.day });
const sessionArbitrary: fc.Arbitrary<GeneratedSession> = fc.record({
  integration: fc.integer({ min: 0, max: 1 }),
  entity: fc.constantFrom('lead', 'vehicle'),
  status: fc.constantFrom(...TERMINAL_STATUSES, 'running' as const),
  reportedFinished: fc.boolean(),
  startMs: instant,
  durationMs: fc.integer({ min: 0, max: 2 * INTERVAL_MS.hour }),
  processed: fc.nat(1000),
  failed: fc.nat(50),
  conflicts: fc.nat(5),
  phases: fc.record(
    { fetch: fc.nat(100_000), compare: fc.nat(100_000), apply: fc.nat(100_000), verify: fc.nat(100_000) },
    { requiredKeys: [] },
  ),
  errors: fc.array(fc.record({ category: fc.constantFrom(...ERROR_CATEGORIES), atMs: instant }), { maxLength: 3 }),
  samples: fc.array(
    fc.record({
      name: fc.constantFrom('api_latency_ms' as const, 'queue_depth' as const, 'phase_duration_ms' as const),
      value: fc.integer({ min: 0, max: 40_000 }).map((eighths) => eighths / 8),
      stage: fc.option(fc.constantFrom('fetch', 'apply'), { nil: undefined }),
      atMs: instant,
    }),
    { maxLength: 3 },
  ),
});

interface Rollup {
  lastAt: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  histogram: Record<string, number> | null;
}

/** The rollups recomputed from the generated raw data, the way the dashboard would without them. */
function recompute(sessions: GeneratedSession[], integrationIds: string[]): Map<string, Rollup> {
  const rollups = new Map<string, Rollup>();
  const observe = (metric: string, dimension: string, s: GeneratedSession, atMs: number, value: number) => {
    const rows = [
      [...METRIC_INTERVALS, 'total' as const].map((resolution) => [
        resolution,
        integrationIds[s.integration],
        s.entity,
      ]),
      [...METRIC_INTERVALS, 'total' as const].map((resolution) => [resolution, null, '']),
    ].flat() as [(typeof METRIC_INTERVALS)[number] | 'total', string | null, string][];
    for (const [resolution, integrationId, entity] of rows) {
      const bucket =
        resolution === 'total'
          ? 'total'
          : Math.floor((EPOCH + atMs) / INTERVAL_MS[resolution]) * INTERVAL_MS[resolution];
      const key = [metric, resolution, bucket, integrationId, entity, dimension].join('|');
      const rollup = rollups.get(key) ?? {
        lastAt: -Infinity,
        count: 0,
        sum: 0,
        min: Infinity,
        max: -Infinity,
        histogram: metric.endsWith('_ms') ? {} : null,
      };
      rollup.count += 1;
      rollup.lastAt = Math.max(rollup.lastAt, EPOCH + atMs);
      rollup.sum += value;
      rollup.min = Math.min(rollup.min, value);
      rollup.max = Math.max(rollup.max, value);
      if (rollup.histogram) {
        const bucketOf = String(histogramBucket(value));
        rollup.histogram[bucketOf] = (rollup.histogram[bucketOf] ?? 0) + 1;
      }
      rollups.set(key, rollup);
    }
  };
  for (const s of sessions) {
    for (const error of s.errors) observe('errors', error.category, s, error.atMs, 1);
    for (const sample of s.samples) {
      observe(
        sample.name,
        sample.name === 'phase_duration_ms' ? (sample.stage ?? '') : '',
        s,
        sample.atMs,
        sample.value,
      );
    }
    if (s.status === 'running') continue;
    const finishedAt = s.startMs + s.durationMs;
    observe('sessions', s.status, s, finishedAt, 1);
    observe('sync_duration_ms', s.status, s, finishedAt, s.durationMs);
    if (s.processed) observe('records_processed', '', s, finishedAt, s.processed);
    if (s.failed) observe('records_failed', '', s, finishedAt, s.failed);
    if (s.conflicts) observe('conflicts', '', s, finishedAt, s.conflicts);
    for (const [stage, ms] of Object.entries(s.phases)) observe('phase_duration_ms', stage, s, finishedAt, ms);
  }
  return rollups;
}

describe('metric rollups', () => {
  const env = isolatedEnv();
  let db: DataSource;
  let integrationIds: string[];

  beforeAll(async () => {
    await ensureDatabase(env.DATABASE_URL);
    db = await new DataSource(dataSourceOptions(env.DATABASE_URL)).initialize();
    await db.runMigrations({ transaction: 'each' });
    integrationIds = (
      await db.query(
        `INSERT INTO integrations (key, name, provider, local_config, remote_config, entity_types)
         VALUES ('a', 'A', 'p', '{}', '{}', '{lead,vehicle}'), ('b', 'B', 'p', '{}', '{}', '{lead,vehicle}') RETURNING id`,
      )
    ).map((row: { id: string }) => row.id);
  });

  afterAll(async () => {
    await db.destroy();
    await dropIsolated(env);
  });

  async function store(s: GeneratedSession): Promise<void> {
    const at = (ms: number) => new Date(EPOCH + ms);
    const finished = s.status !== 'running';
    const [{ id }] = await db.query(
      `INSERT INTO sync_sessions (integration_id, entity_type, direction, trigger, status, triggered_by_kind,
         triggered_by_name, started_at, created_at, finished_at, processed, failed, conflicts, phase_timings)
       VALUES ($1, $2, 'inbound', 'api', $3, 'system', 'test', $4, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        integrationIds[s.integration],
        s.entity,
        s.reportedFinished ? s.status : 'running',
        at(s.startMs),
        s.reportedFinished && finished ? at(s.startMs + s.durationMs) : null,
        s.processed,
        s.failed,
        s.conflicts,
        s.phases,
      ],
    );
    for (const error of s.errors) {
      await db.query(
        `INSERT INTO sync_errors (session_id, integration_id, category, severity, message, retryable, retry_count, created_at)
         VALUES ($1, $2, $3, 'error', 'boom', false, 0, $4)`,
        [id, integrationIds[s.integration], error.category, at(error.atMs)],
      );
    }
    if (s.samples.length > 0) {
      await db.query(
        `INSERT INTO sync_metric_samples (session_id, integration_id, name, value, labels, recorded_at)
         SELECT $1, $2, name::metric_name, value, labels, recorded_at
         FROM json_to_recordset($3::json) AS s(name text, value float8, labels jsonb, recorded_at timestamptz)`,
        [
          id,
          integrationIds[s.integration],
          JSON.stringify(
            s.samples.map((sample) => ({
              name: sample.name,
              value: sample.value,
              labels: sample.stage ? { stage: sample.stage } : {},
              recorded_at: at(sample.atMs),
            })),
          ),
        ],
      );
    }
    if (finished && !s.reportedFinished) {
      await db.query(`UPDATE sync_sessions SET status = $2, finished_at = $3 WHERE id = $1`, [
        id,
        s.status,
        at(s.startMs + s.durationMs),
      ]);
    }
  }

  async function stored(): Promise<Map<string, Rollup>> {
    const rows = await db.query(
      `SELECT metric, resolution, CASE WHEN resolution = 'total' THEN 'total' ELSE bucket::text END AS bucket,
              integration_id, entity_type, dimension, count::int, sum, min, max, last_at, histogram
       FROM metric_rollups`,
    );
    return new Map(
      rows.map((row: Record<string, never>) => [
        [
          row.metric,
          row.resolution,
          row.bucket === 'total' ? row.bucket : new Date(row.bucket).getTime(),
          row.integration_id,
          row.entity_type,
          row.dimension,
        ].join('|'),
        {
          lastAt: new Date(row.last_at).getTime(),
          count: row.count,
          sum: row.sum,
          min: row.min,
          max: row.max,
          histogram: row.histogram,
        },
      ]),
    );
  }

  it('agree with a recomputation from the raw sessions, errors and samples', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sessionArbitrary, { maxLength: 12 }), async (sessions) => {
        await db.query(`TRUNCATE sync_sessions, metric_rollups CASCADE`);
        for (const session of sessions) await store(session);

        expect(await stored()).toEqual(recompute(sessions, integrationIds));
      }),
      { numRuns: 40 },
    );
  });

  it('bucket values as the contracts do, so percentiles read in the API match what PostgreSQL stored', async () => {
    const values = [0, 0.5, 1, 1.0001, 2, 3, 8, 16, 100, 1000, 4096, 1e6, 1e12];
    const [{ buckets }] = await db.query(
      `SELECT array_agg(metric_histogram_bucket(v) ORDER BY i) AS buckets
       FROM unnest($1::float8[]) WITH ORDINALITY AS t(v, i)`,
      [values],
    );

    expect(buckets).toEqual(values.map(histogramBucket));
  });
});

describe('histogram percentiles', () => {
  it('are never below the true percentile and less than 19% above it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.constantFrom(0.5, 0.95, 0.99),
        (values, q) => {
          const histogram: Record<string, number> = {};
          for (const value of values) histogram[histogramBucket(value)] = (histogram[histogramBucket(value)] ?? 0) + 1;
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.ceil(q * sorted.length) - 1];

          const estimate = histogramPercentile(histogram, q, { min: sorted[0], max: sorted.at(-1)! })!;

          expect(estimate).toBeGreaterThanOrEqual(exact);
          expect(estimate).toBeLessThanOrEqual(exact * 2 ** 0.25);
        },
      ),
    );
  });
});
