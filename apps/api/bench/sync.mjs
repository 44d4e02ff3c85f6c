// pnpm bench:sync — 100,000 records from the simulator into a local PostgreSQL table and back through
// the real API and worker processes: full inbound runs, an incremental run with 1% changed, full
// outbound runs into an empty remote; against a naive loop (one GET and one upsert per record).
// This machine's speed drifts by a third within minutes, so each full run and the naive loop are
// measured in ROUNDS rounds, interleaved, and the medians compared.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fmt, machine, startApi } from './harness.mjs';

const require = createRequire(import.meta.url);
const {
  createSimulator,
  dealerColumnNames,
  dealerColumns,
  dealerMapping,
  dealerTableConnector,
  dealerTableSql,
  simulatorConnector,
} = require('@syncline/simulator');

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NAIVE_SAMPLE = 2_000;
const TOKEN = 'bench-token';
const VEHICLE = dealerMapping('vehicle');

const emptySimulator = () =>
  createSimulator({ port: 0, seedCount: 0, rateLimitPerSecond: 0, collections: ['vehicle'], token: TOKEN });
const simulators = [
  await createSimulator({ port: 0, seedCount: RECORDS, rateLimitPerSecond: 0, collections: ['vehicle'], token: TOKEN }),
];
const api = await startApi({ LOG_LEVEL: 'warn' }, { workers: 1 });
const databaseName = (await api.db.query('SELECT current_database() AS name')).rows[0].name;

try {
  await Promise.all(dealerTableSql('naive_vehicle', 'vehicle').map((sql) => api.db.query(sql)));
  const localUrl = `postgres://postgres@127.0.0.1:5432/${databaseName}`;
  const integration = async (key, sim, table) => {
    for (const sql of dealerTableSql(table, 'vehicle')) await api.db.query(sql);
    return api.call('POST', '/integrations', {
      key,
      name: key,
      provider: 'simulator',
      entityTypes: ['vehicle'],
      local: dealerTableConnector(localUrl, table),
      remote: simulatorConnector(sim.url, 1000),
      entities: [VEHICLE],
      syncSettings: { batchSize: 1000 },
      credentials: { 'remote.token': TOKEN },
    });
  };

  const run = async (integrationId, direction, mode) => {
    // Timed from the trigger to the session's end as stored (same clock), not to when a poll noticed it.
    const started = Date.now();
    const { sessionId } = await api.call('POST', '/sync/manual', {
      integrationId,
      entityType: 'vehicle',
      direction,
      mode,
    });
    for (;;) {
      const session = await api.call('GET', `/sessions/${sessionId}`);
      if (['completed', 'partial', 'failed', 'cancelled', 'timed_out'].includes(session.status)) {
        if (session.status !== 'completed') throw new Error(`Sync ${session.status}: ${session.statusReason}`);
        return { session, wallMs: Date.parse(session.finishedAt) - started };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const report = (label, { session, wallMs }) => {
    const applied = session.counters.created + session.counters.updated + session.counters.deleted;
    const rate = (applied / wallMs) * 1000;
    const phases = Object.entries(session.phaseTimings).map(([stage, ms]) => `${stage} ${fmt(ms / 1000, 2)} s`);
    console.log(
      `${label.padEnd(38)} ${fmt(applied).padStart(8)} records in ${fmt(wallMs / 1000, 2).padStart(6)} s  = ${fmt(rate).padStart(7)} rec/s   (${phases.join(', ')})`,
    );
    return rate;
  };

  // The naive loop: for each record one GET from the remote and one upsert into the table.
  const columns = ['id', ...dealerColumnNames('vehicle')];
  const naiveUpsert = `INSERT INTO naive_vehicle (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${columns
      .slice(1)
      .map((column) => `${column} = excluded.${column}`)
      .join(', ')}, updated_at = now()`;
  const naiveLoop = async (ids) => {
    await api.db.query('TRUNCATE naive_vehicle');
    const started = performance.now();
    for (const id of ids) {
      const response = await fetch(`${simulators[0].url}/vehicle/${id}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const record = await response.json();
      const row = { id, ...dealerColumns('vehicle', record) };
      await api.db.query(naiveUpsert, Object.values(row));
    }
    const rate = (ids.length / (performance.now() - started)) * 1000;
    console.log(
      `${'Naive loop (GET + upsert per record)'.padEnd(38)} ${fmt(ids.length).padStart(8)} records           = ${fmt(rate).padStart(7)} rec/s`,
    );
    return rate;
  };

  console.log(
    `Machine: ${machine()}; ${fmt(RECORDS)} vehicles; API, one worker, PostgreSQL and the simulators share it\n`,
  );
  const rates = { inbound: [], outbound: [], naive: [] };
  let inbound;
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`Round ${round} of ${ROUNDS}`);
    inbound = await integration(`bench-in-${round}`, simulators[0], `in${round}_vehicle`);
    rates.inbound.push(report('  Full inbound (simulator → table)', await run(inbound.id, 'inbound', 'full')));
    if (round === 1) {
      const { rows } = await api.db.query(`SELECT id FROM in1_vehicle ORDER BY id LIMIT ${NAIVE_SAMPLE}`);
      rates.sample = rows.map((row) => row.id);
    }
    rates.naive.push(await naiveLoop(rates.sample));
    const target = await emptySimulator();
    simulators.push(target);
    const outbound = await integration(`bench-out-${round}`, target, `in${round}_vehicle`);
    rates.outbound.push(report('  Full outbound (table → empty remote)', await run(outbound.id, 'outbound', 'full')));
  }

  await fetch(`${simulators[0].url}/_sim/mutate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ count: RECORDS / 100, collection: 'vehicle' }),
  });
  const incremental = await run(inbound.id, 'inbound', 'incremental');
  report('Incremental inbound, 1% changed', incremental);

  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const fullIn = median(rates.inbound);
  const fullOut = median(rates.outbound);
  const naive = median(rates.naive);
  console.log(
    `\nMedians of ${ROUNDS} rounds: inbound ${fmt(fullIn)}, outbound ${fmt(fullOut)}, naive ${fmt(naive)} rec/s`,
  );
  console.log(`Full inbound:  ${fmt(fullIn)} rec/s (target ≥ 10,000): ${fullIn >= 10_000 ? 'met' : 'NOT met'}`);
  console.log(
    `Incremental 1%: ${fmt(incremental.wallMs / 1000, 2)} s (target ≤ 5 s): ${incremental.wallMs <= 5000 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `Ratio to the naive loop: inbound ${fmt(fullIn / naive, 1)}×, outbound ${fmt(fullOut / naive, 1)}× (target ≥ 20×)`,
  );
} finally {
  await api.stop();
  for (const sim of simulators) await sim.close();
}
