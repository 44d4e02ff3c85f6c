// Shared by the benchmarks: an isolated database, the built API as a child process, and small statistics.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import os from 'node:os';
import Redis from 'ioredis';
import pg from 'pg';

const API_MAIN = join(import.meta.dirname, '../dist/main.js');
const WORKER_MAIN = join(import.meta.dirname, '../dist/worker.js');
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const ADMIN = { email: 'bench@example.test', password: 'bench-password-123' };

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Starts the built API (and `workers` worker processes) on a fresh database; `stop()` ends them and drops it. */
export async function startApi(extraEnv = {}, { workers = 0 } = {}) {
  const name = `syncline_bench_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: `${POSTGRES}/${name}`,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: name,
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    BODY_LIMIT: '50mb',
    ...extraEnv,
  };
  const child = spawn('node', [API_MAIN], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const workerProcesses = Array.from({ length: workers }, () =>
    spawn('node', ['--max-semi-space-size=64', WORKER_MAIN], { env, stdio: ['ignore', 'inherit', 'inherit'] }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const ok = await fetch(`${baseUrl}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (attempt > 120 || child.exitCode !== null) throw new Error('The API did not start');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const { token } = await call(baseUrl, null, 'POST', '/auth/login', ADMIN);
  return {
    baseUrl,
    db,
    /** The Redis key prefix of this API (its event stream is `<prefix>:events`). */
    redisPrefix: name,
    /** Resident and peak memory of the API process, in MiB (Linux). */
    memory: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]);
      return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
    },
    token,
    call: (method, path, body, credential = token) => call(baseUrl, credential, method, path, body),
    stop: async () => {
      await db.end();
      for (const process of [child, ...workerProcesses]) {
        process.kill('SIGTERM');
        await new Promise((resolve) => process.once('exit', resolve));
      }
      const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      await dropRedisKeys(env.REDIS_URL, name);
    },
  };
}

/** Queues, job schedulers, the event stream: everything the run's processes kept under its prefix. */
async function dropRedisKeys(url, prefix) {
  const redis = new Redis(url);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

async function call(baseUrl, credential, method, path, body) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

export async function createIntegration(api, key = 'bench') {
  return api.call('POST', '/integrations', {
    key,
    name: 'Benchmark',
    provider: 'easycars',
    local: { type: 'csv', path: '/data/stock.csv', keyColumn: 'id' },
    remote: {
      type: 'http',
      baseUrl: 'http://127.0.0.1:4010',
      collectionPath: '/vehicles',
      keyField: 'id',
      pagination: 'cursor',
    },
    entityTypes: ['vehicle', 'lead'],
  });
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function machine() {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0].model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
