// pnpm bench:history — GET /sessions with common filters and a record-key search over 1,000,000 sessions
// and 10,000,000 record logs (p95 target ≤ 50 ms), against naive plans measured in the same run.
import { performance } from 'node:perf_hooks';
import { createIntegration, fmt, machine, percentile, startApi } from './harness.mjs';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const RECORDS_PER_SESSION = Number(process.env.BENCH_RECORDS_PER_SESSION ?? 10);
const DAYS = 30;
const RUNS = 100;
const DAY_MS = 86_400_000;

const api = await startApi();
try {
  const integrations = [];
  for (const key of ['stock', 'leads', 'campaigns', 'sellers', 'orders'])
    integrations.push((await createIntegration(api, key)).id);
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const loadStart = performance.now();
  // Partitions for the loaded history, named as RecordLogsRepository names them.
  for (let day = 1; day <= DAYS + 1; day++) {
    const start = new Date(today - day * DAY_MS);
    const name = `sync_record_logs_${start.toISOString().slice(0, 10).replace(/-/g, '')}`;
    await api.db.query(
      `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF sync_record_logs FOR VALUES FROM ('${start.toISOString()}') TO ('${new Date(start.getTime() + DAY_MS).toISOString()}')`,
    );
  }
  const perDay = Math.ceil(SESSIONS / DAYS);
  for (let day = 1; day <= DAYS; day++) {
    const from = new Date(today - day * DAY_MS);
    await api.db.query(
      `INSERT INTO sync_sessions (integration_id, entity_type, direction, trigger, status, total, processed, created, failed,
         triggered_by_kind, triggered_by_name, started_at, finished_at, created_at, updated_at)
       SELECT ($1::uuid[])[1 + n % 5], (ARRAY['vehicle','lead'])[1 + n % 2], 'inbound', (ARRAY['scheduled','api','manual'])[1 + n % 3]::sync_trigger,
              (ARRAY['completed','completed','completed','completed','completed','completed','partial','failed','cancelled','timed_out'])[1 + (n * 7) % 10]::session_status,
              ${RECORDS_PER_SESSION}, ${RECORDS_PER_SESSION}, ${RECORDS_PER_SESSION}, 0, 'system', 'bench',
              t, t + interval '30 seconds', t, t
       FROM generate_series(1, $2) AS n, LATERAL (SELECT $3::timestamptz + (n * interval '1 millisecond' * 86400000 / $2) AS t) AS at`,
      [integrations, perDay, from],
    );
    await api.db.query(
      `INSERT INTO sync_record_logs (session_id, local_key, remote_key, action, after, changed_fields, created_at)
       SELECT s.id, 'STK-' || k, 'veh_' || k, 'update', json_build_object('price', k), '{price}', s.created_at
       FROM sync_sessions s, LATERAL (SELECT (abs(hashtext(s.id::text || i)) % 2000000) AS k FROM generate_series(1, ${RECORDS_PER_SESSION}) AS i) AS r
       WHERE s.created_at >= $1 AND s.created_at < $2`,
      [from, new Date(from.getTime() + DAY_MS)],
    );
    process.stdout.write(`\rLoaded day ${day}/${DAYS}`);
  }
  await api.db.query('ANALYZE');
  const { rows: counts } = await api.db.query(
    `SELECT (SELECT count(*) FROM sync_sessions)::int AS sessions, (SELECT count(*) FROM sync_record_logs)::int AS records`,
  );
  console.log(
    `\nLoaded ${fmt(counts[0].sessions)} sessions and ${fmt(counts[0].records)} record logs in ${fmt((performance.now() - loadStart) / 1000)} s`,
  );

  const { rows: keyed } = await api.db.query(
    `SELECT local_key FROM sync_record_logs TABLESAMPLE SYSTEM (0.1) LIMIT ${RUNS}`,
  );
  const day = new Date(today - 7 * DAY_MS);
  const queries = {
    'newest page': () => '/sessions?limit=50',
    'status=failed': () => '/sessions?status=failed&limit=50',
    'status=timed_out&trigger=manual': () => '/sessions?status=timed_out&trigger=manual&limit=50',
    'integration + entity': (i) => `/sessions?integrationId=${integrations[i % 5]}&entityType=vehicle&limit=50`,
    'one day window': () =>
      `/sessions?from=${day.toISOString()}&to=${new Date(day.getTime() + DAY_MS).toISOString()}&limit=50`,
    'record key search': (i) => `/sessions?recordKey=${keyed[i % keyed.length].local_key}&limit=50`,
  };
  const results = {};
  for (const [name, path] of Object.entries(queries)) {
    const timings = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await api.call('GET', path(i));
      timings.push(performance.now() - t0);
    }
    results[name] = { 'p50 ms': fmt(percentile(timings, 50), 1), 'p95 ms': fmt(percentile(timings, 95), 1) };
  }
  // Deep pages: follow the cursor 20 pages in.
  const deep = [];
  let cursor = null;
  for (let page = 0; page < 20; page++) {
    const t0 = performance.now();
    const body = await api.call('GET', `/sessions?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    deep.push(performance.now() - t0);
    cursor = body.nextCursor;
  }
  results['cursor pages 1-20 (200 each)'] = {
    'p50 ms': fmt(percentile(deep, 50), 1),
    'p95 ms': fmt(percentile(deep, 95), 1),
  };

  // Naive plan, same data: the key search without its indexes.
  const key = keyed[0].local_key;
  const naiveSearch = [];
  for (let i = 0; i < 3; i++) {
    await api.db.query('BEGIN');
    await api.db.query(
      'SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off',
    );
    const t0 = performance.now();
    await api.db.query(
      `SELECT * FROM sync_sessions WHERE id IN (SELECT session_id FROM sync_record_logs WHERE local_key = $1 OR remote_key = $1)
       ORDER BY created_at DESC, id DESC LIMIT 51`,
      [key],
    );
    naiveSearch.push(performance.now() - t0);
    await api.db.query('ROLLBACK');
  }
  const searchP50 = Number(results['record key search']['p50 ms'].replace(/,/g, ''));
  console.log(`\nHistory benchmark — ${new Date().toISOString().slice(0, 10)}, ${machine()}`);
  console.table(results);
  const worstP95 = Math.max(...Object.values(results).map((r) => Number(r['p95 ms'].replace(/,/g, ''))));
  console.log(`Worst p95 over HTTP: ${fmt(worstP95, 1)} ms (target ≤ 50 ms): ${worstP95 <= 50 ? 'met' : 'NOT met'}`);
  console.log(
    `Naive key search (no index, SQL only): p50 ${fmt(percentile(naiveSearch, 50))} ms — ${fmt(percentile(naiveSearch, 50) / searchP50, 0)}× the indexed search over HTTP`,
  );
} finally {
  await api.stop();
}
