// pnpm bench:dashboard — GET /dashboard (cold and warm cache) and a 30-day metric series over 1,000,000
// sessions (and a metric sample each) spread over 30 days, against computing the same numbers from the raw
// tables in the same run. Targets: p95 ≤ 50 ms uncached, ≥ 20× the raw-table baseline.
import { performance } from 'node:perf_hooks';
import { fmt, machine, percentile, startApi } from './harness.mjs';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const INTEGRATIONS = Number(process.env.BENCH_INTEGRATIONS ?? 20);
const DAYS = 30;
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const RAW_RUNS = 5;
const DAY_MS = 86_400_000;

/** What the dashboard computes from rollups, computed from sync_sessions instead: the naive baseline. */
const RAW_DASHBOARD = [
  ...['24 hours', '7 days', '30 days'].map(
    (window) => `SELECT status, count(*), sum(processed),
       avg(1000 * extract(epoch FROM finished_at - started_at)) FILTER (WHERE status IN ('completed', 'partial')),
       percentile_cont(0.95) WITHIN GROUP (ORDER BY finished_at - started_at) FILTER (WHERE status IN ('completed', 'partial'))
     FROM sync_sessions WHERE finished_at >= now() - interval '${window}' GROUP BY status`,
  ),
  `SELECT date_trunc('day', finished_at, 'UTC'), status, count(*) FROM sync_sessions
   WHERE finished_at >= now() - interval '30 days' GROUP BY 1, 2`,
  `SELECT integration_id, entity_type, status, count(*) FROM sync_sessions
   WHERE finished_at >= now() - interval '7 days' GROUP BY 1, 2, 3`,
  `SELECT integration_id, entity_type, sum(processed) FROM sync_sessions
   WHERE finished_at >= now() - interval '30 days' GROUP BY 1, 2`,
];
const RAW_SERIES = `SELECT date_trunc('day', finished_at, 'UTC') AS day, count(*),
    avg(1000 * extract(epoch FROM finished_at - started_at)),
    percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY finished_at - started_at)
  FROM sync_sessions WHERE status = 'completed' AND finished_at >= now() - interval '30 days' GROUP BY 1 ORDER BY 1`;

/** p50 and p95 of `work`, after `prepare` (untimed) each round; the first 5 rounds of long runs warm up. */
async function timed(runs, work, prepare = async () => undefined) {
  const timings = [];
  for (let i = 0; i < runs; i++) {
    await prepare();
    const t0 = performance.now();
    await work(i);
    timings.push(performance.now() - t0);
  }
  const measured = runs > RAW_RUNS ? timings.slice(5) : timings;
  return { p50: percentile(measured, 50), p95: percentile(measured, 95) };
}

const api = await startApi();
try {
  const integrations = [];
  for (let i = 0; i < INTEGRATIONS; i++) {
    const integration = await api.call('POST', '/integrations', {
      key: `dealer-${i}`,
      name: `Dealer ${i}`,
      provider: 'easycars',
      local: { type: 'csv', path: `/tmp/syncline-bench-${i}.csv`, keyColumn: 'id' },
      remote: { type: 'csv', path: `/tmp/syncline-bench-remote-${i}.csv`, keyColumn: 'id' },
      entityTypes: ['vehicle', 'lead'],
    });
    integrations.push(integration.id);
  }
  const loadStart = performance.now();
  // Loaded in bulk: the per-row triggers are set aside and the rollups built a day at a time by the same
  // functions the triggers (and the migration's backfill) use.
  await api.db.query(`ALTER TABLE sync_sessions DISABLE TRIGGER sync_sessions_roll_up_reported_finished`);
  await api.db.query(`ALTER TABLE sync_metric_samples DISABLE TRIGGER sync_metric_samples_roll_up`);
  const now = Date.now();
  const perDay = Math.ceil(SESSIONS / DAYS);
  for (let day = 0; day < DAYS; day++) {
    const from = new Date(now - (day + 1) * DAY_MS);
    const to = new Date(now - day * DAY_MS);
    await api.db.query(
      `INSERT INTO sync_sessions (integration_id, entity_type, direction, trigger, status, total, processed, created,
         failed, conflicts, phase_timings, triggered_by_kind, triggered_by_name, started_at, finished_at, created_at, updated_at)
       SELECT ($1::uuid[])[1 + n % ${INTEGRATIONS}], (ARRAY['vehicle','lead'])[1 + (n / ${INTEGRATIONS}) % 2], 'inbound',
              'scheduled', s.status, 500, 500, 20, f, f / 10,
              jsonb_build_object('fetch', d * 0.4, 'compare', d * 0.1, 'apply', d * 0.4, 'verify', d * 0.1),
              'system', 'bench', t - d * interval '1 ms', t, t - d * interval '1 ms', t
       FROM generate_series(1, $2) AS n,
       LATERAL (SELECT $3::timestamptz + (n * ($4::timestamptz - $3::timestamptz) / $2) AS t,
                       1000 + (n * 7919) % 60000 AS d, abs(hashtext(n || $3::text)) % 10 AS pick) AS at,
       LATERAL (SELECT (ARRAY['completed','completed','completed','completed','completed','completed','completed','partial','failed','timed_out'])[1 + pick]::session_status AS status,
                       CASE WHEN pick = 7 THEN 25 ELSE 0 END AS f) AS s`,
      [integrations, perDay, from, to],
    );
    await api.db.query(
      `INSERT INTO sync_metric_samples (session_id, integration_id, name, value, recorded_at)
       SELECT id, integration_id, 'api_latency_ms', 20 + abs(hashtext(id::text)) % 800, finished_at
       FROM sync_sessions WHERE finished_at >= $1 AND finished_at < $2`,
      [from, to],
    );
    await api.db.query(
      `SELECT metric_rollups_absorb(ARRAY(SELECT session_observations(s) FROM sync_sessions s
         WHERE finished_at >= $1 AND finished_at < $2))`,
      [from, to],
    );
    await api.db.query(
      `SELECT metric_rollups_absorb(ARRAY(SELECT sample_observations(ARRAY(
         SELECT m FROM sync_metric_samples m WHERE recorded_at >= $1 AND recorded_at < $2))))`,
      [from, to],
    );
    process.stdout.write(`\rLoaded day ${day + 1}/${DAYS}`);
  }
  await api.db.query(`ALTER TABLE sync_sessions ENABLE TRIGGER sync_sessions_roll_up_reported_finished`);
  await api.db.query(`ALTER TABLE sync_metric_samples ENABLE TRIGGER sync_metric_samples_roll_up`);
  await api.db.query('ANALYZE');
  const { rows: counts } = await api.db.query(
    `SELECT (SELECT count(*) FROM sync_sessions)::int AS sessions, (SELECT count(*) FROM sync_metric_samples)::int AS samples,
            (SELECT count(*) FROM metric_rollups)::int AS rollups`,
  );
  console.log(
    `\nLoaded ${fmt(counts[0].sessions)} sessions, ${fmt(counts[0].samples)} samples (${fmt(counts[0].rollups)} rollup rows) in ${fmt((performance.now() - loadStart) / 1000)} s`,
  );

  const seriesFrom = new Date(now - DAY_MS * DAYS).toISOString();
  const checked = await api.call('GET', '/dashboard');
  if (checked.overview.rates['30d'].finished < SESSIONS * 0.95) throw new Error('The dashboard misses sessions');
  // Each cold request follows a cache clear; only the GET is timed. A few rounds first warm the process up.
  const cold = await timed(
    RUNS + 5,
    async () => api.call('GET', '/dashboard'),
    () => api.call('DELETE', '/cache'),
  );
  const warm = await timed(RUNS + 5, () => api.call('GET', '/dashboard'));
  const seriesDay = await timed(RUNS + 5, () =>
    api.call('GET', `/metrics/sync_duration_ms?interval=day&from=${seriesFrom}&dimension=completed`),
  );
  const seriesHour = await timed(RUNS + 5, () =>
    api.call('GET', `/metrics/sync_duration_ms?interval=hour&from=${seriesFrom}&dimension=completed`),
  );
  const rawDashboard = await timed(RAW_RUNS, async () => {
    for (const sql of RAW_DASHBOARD) await api.db.query(sql);
  });
  const rawSeries = await timed(RAW_RUNS, () => api.db.query(RAW_SERIES));

  console.log(`\nDashboard benchmark — ${new Date().toISOString().slice(0, 10)}, ${machine()}`);
  const row = (t) => ({ 'p50 ms': fmt(t.p50, 1), 'p95 ms': fmt(t.p95, 1) });
  console.table({
    'GET /dashboard, cold (after DELETE /cache)': row(cold),
    'GET /dashboard, warm (cached)': row(warm),
    'GET /metrics/sync_duration_ms, 30 days by day': row(seriesDay),
    'GET /metrics/sync_duration_ms, 30 days by hour': row(seriesHour),
    'raw tables: the dashboard numbers (SQL only)': row(rawDashboard),
    'raw tables: the 30-day series (SQL only)': row(rawSeries),
  });
  console.log(`Uncached dashboard p95 ${fmt(cold.p95, 1)} ms (target ≤ 50 ms): ${cold.p95 <= 50 ? 'met' : 'NOT met'}`);
  console.log(
    `Ratio to the raw tables (p50): dashboard ${fmt(rawDashboard.p50 / cold.p50, 1)}×, series ${fmt(rawSeries.p50 / seriesDay.p50, 1)}× (target ≥ 20×)`,
  );
} finally {
  await api.stop();
}
