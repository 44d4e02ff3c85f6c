// pnpm bench:live — live updates under load: CLIENTS Socket.IO clients in PROCESSES separate processes,
// each following one of SESSIONS integration rooms (a dashboard per integration), while RATE events a second enter the shared event
// stream (as workers write them) for SECONDS seconds. Reports publish → client latency (p50/p99),
// deliveries a second, and whether every client got every event of its room.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { fmt, machine, percentile, startApi } from './harness.mjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 4);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const api = await startApi({ LOG_LEVEL: 'warn' });
const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379');
const integrations = Array.from({ length: SESSIONS }, () => randomUUID());
const children = [];
/** Runs the load against one server's `/live`; answers its p99 latency. */
async function measure(label, baseUrl, stream) {
  const perProcess = Math.ceil(CLIENTS / PROCESSES);
  let ready = 0;
  const clients = [];
  await new Promise((resolve) => {
    for (let p = 0; p < PROCESSES; p++) {
      const rooms = Array.from(
        { length: Math.min(perProcess, CLIENTS - p * perProcess) },
        (_, i) => `integration:${integrations[(p * perProcess + i) % SESSIONS]}`,
      );
      const child = fork(join(import.meta.dirname, 'live-clients.mjs'), [], {
        env: { ...process.env, BASE_URL: baseUrl, TOKEN: api.token, ROOMS: JSON.stringify(rooms) },
      });
      child.on('message', (message) => message.type === 'ready' && ++ready === CLIENTS && resolve());
      clients.push(child);
      children.push(child);
    }
  });

  // Paced in 10 ms ticks; each event belongs to the next integration in turn.
  const total = RATE * SECONDS;
  const perTick = RATE / 100;
  const started = performance.now();
  for (let sent = 0, tick = 0; sent < total; tick++) {
    const pipeline = redis.pipeline();
    for (let i = 0; i < perTick && sent < total; i++, sent++) {
      const entry = {
        name: 'record.synced',
        at: new Date().toISOString(),
        payload: {
          sessionId: randomUUID(),
          integrationId: integrations[sent % SESSIONS],
          count: 1,
          sentAt: Date.now(),
        },
      };
      pipeline.xadd(stream, '*', 'event', JSON.stringify(entry));
    }
    await pipeline.exec();
    const wait = started + (tick + 1) * 10 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2000));

  const results = await Promise.all(
    clients.map(
      (child) =>
        new Promise((resolve) => {
          child.on('message', (message) => message.type === 'result' && resolve(message));
          child.send({ type: 'stop' });
        }),
    ),
  );
  const latencies = results.flatMap((result) => result.latencies);
  const received = results.reduce((sum, result) => sum + result.received, 0);
  const expected = CLIENTS * (total / SESSIONS);
  const p99 = percentile(latencies, 99);
  console.log(label);
  console.log(
    `  delivered ${fmt(received)} of ${fmt(expected)} (${received === expected ? 'nothing lost' : `${fmt(expected - received)} LOST`}), ${fmt(received / sendSeconds)} deliveries/s`,
  );
  console.log(
    `  latency publish → client: p50 ${percentile(latencies, 50)} ms, p99 ${p99} ms, max ${Math.max(...latencies)} ms`,
  );
  return { p99, lost: expected - received };
}

try {
  console.log(`Machine: ${machine()}; API, Redis and ${PROCESSES} client processes share it`);
  console.log(
    `${fmt(CLIENTS)} clients in ${PROCESSES} processes, each following one of ${SESSIONS} integrations; ${fmt(RATE)} events/s for ${SECONDS} s\n`,
  );
  const ours = await measure('Syncline (/live, rooms)', api.baseUrl, `${api.redisPrefix}:events`);

  const naiveStream = `${api.redisPrefix}:naive-events`;
  const naiveServer = fork(join(import.meta.dirname, 'live-naive-server.mjs'), [], {
    env: { ...process.env, REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', STREAM: naiveStream },
  });
  children.push(naiveServer);
  const port = await new Promise((resolve) => naiveServer.on('message', (message) => resolve(message.port)));
  const naive = await measure(
    'Naive baseline (emit to each socket one by one)',
    `http://127.0.0.1:${port}`,
    naiveStream,
  );
  await redis.del(naiveStream);

  console.log(`\nTarget p99 ≤ 100 ms, nothing lost: ${ours.p99 <= 100 && ours.lost === 0 ? 'met' : 'NOT met'}`);
  console.log(`p99 latency ratio, naive / Syncline: ${fmt(naive.p99 / Math.max(ours.p99, 1), 1)}×`);
} finally {
  for (const child of children) child.kill();
  await redis.quit();
  await api.stop();
}
