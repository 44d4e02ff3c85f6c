// pnpm bench:ingest — one million record logs through POST /sessions/:id/records over HTTP into PostgreSQL,
// against a naive path (one INSERT per record) measured on a sample in the same run.
import { performance } from 'node:perf_hooks';
import { createIntegration, fmt, machine, percentile, startApi } from './harness.mjs';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const BATCH = 10_000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 3);
const NAIVE_SAMPLE = 5_000;

const api = await startApi();
try {
  const integration = await createIntegration(api);
  const { key } = await api.call('POST', '/api-keys', { name: 'bench' });
  const session = await api.call(
    'POST',
    '/sessions',
    { integrationId: integration.id, entityType: 'vehicle', direction: 'inbound' },
    key,
  );

  // Bodies are built once, so the client spends its CPU on sending, not on JSON.
  const bodies = Array.from({ length: 8 }, (_, b) =>
    JSON.stringify({
      records: Array.from({ length: BATCH }, (_, i) => {
        const n = b * BATCH + i;
        return {
          localKey: `STK-${n}`,
          remoteKey: `veh_${n.toString(36)}`,
          action: n % 50 === 0 ? 'fail' : 'update',
          before: { price: 10_000 + (n % 900), colour: 'red', mileage: n % 200_000, dealer: 'North' },
          after: { price: 10_050 + (n % 900), colour: 'red', mileage: n % 200_000, dealer: 'North', apiToken: 'x' },
          changedFields: ['price'],
          ...(n % 50 === 0 ? { error: 'price rejected by remote' } : {}),
        };
      }),
    }),
  );
  console.log(`Body size: ${fmt(bodies[0].length / 1024 / 1024, 1)} MiB per ${fmt(BATCH)}-record batch`);

  const latencies = [];
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let batch = worker; batch * BATCH < TOTAL; batch += CONCURRENCY) {
        const t0 = performance.now();
        const { accepted } = await api.call(
          'POST',
          `/sessions/${session.id}/records`,
          bodies[batch % bodies.length],
          key,
        );
        latencies.push(performance.now() - t0);
        sent += accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rate = sent / seconds;
  const { rows } = await api.db.query('SELECT count(*)::int AS count FROM sync_record_logs WHERE session_id = $1', [
    session.id,
  ]);

  // Naive: one INSERT statement (one round trip, one transaction) per record.
  const sample = JSON.parse(bodies[0]).records.slice(0, NAIVE_SAMPLE);
  const naiveStart = performance.now();
  for (const record of sample) {
    await api.db.query(
      `INSERT INTO sync_record_logs (session_id, local_key, remote_key, action, before, after, changed_fields, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        session.id,
        record.localKey,
        record.remoteKey,
        record.action,
        record.before,
        record.after,
        record.changedFields,
        record.error ?? null,
      ],
    );
  }
  const naiveRate = NAIVE_SAMPLE / ((performance.now() - naiveStart) / 1000);

  // Export the whole session (every record) as CSV, reading the stream as it comes, and watch the API's memory.
  const before = api.memory();
  const exportStart = performance.now();
  const response = await fetch(`${api.baseUrl}/api/v1/sessions/${session.id}/export?format=csv`, {
    headers: { authorization: `Bearer ${key}` },
  });
  let exportedBytes = 0;
  let peakDuringExport = before.rss;
  for await (const chunk of response.body) {
    exportedBytes += chunk.length;
    peakDuringExport = Math.max(peakDuringExport, api.memory().rss);
  }
  const exportSeconds = (performance.now() - exportStart) / 1000;

  console.log(`\nIngest benchmark — ${new Date().toISOString().slice(0, 10)}, ${machine()}`);
  console.table({
    'batched over HTTP': {
      records: fmt(sent),
      'records/s': fmt(rate),
      'batch p50 ms': fmt(percentile(latencies, 50)),
      'batch p95 ms': fmt(percentile(latencies, 95)),
    },
    'naive (INSERT per record)': { records: fmt(NAIVE_SAMPLE), 'records/s': fmt(naiveRate) },
  });
  console.log(
    `Stored: ${fmt(rows[0].count)} of ${fmt(sent)}; ${CONCURRENCY} concurrent requests of ${fmt(BATCH)} records`,
  );
  console.log(`Throughput ${fmt(rate)} records/s (target ≥ 50,000): ${rate >= 50_000 ? 'met' : 'NOT met'}`);
  console.log(
    `Ratio to naive: ${fmt(rate / naiveRate, 1)}× (target ≥ 20×): ${rate / naiveRate >= 20 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `Export of ${fmt(rows[0].count + NAIVE_SAMPLE)} records as CSV: ${fmt(exportedBytes / 2 ** 20)} MiB in ${fmt(exportSeconds, 1)} s; ` +
      `API resident memory ${fmt(before.rss)} MiB before, at most ${fmt(peakDuringExport)} MiB during`,
  );
  if (rows[0].count !== sent) throw new Error('Stored count does not match');
} finally {
  await api.stop();
}
