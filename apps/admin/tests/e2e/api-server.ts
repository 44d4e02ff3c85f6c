import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup for the browser tests: starts the real, built Syncline API on a free port
 * with its own database and Redis prefix, serving the built admin app, and a sync worker beside it
 * (same environment); removes all of it afterwards.
 */

const here = dirname(fileURLToPath(import.meta.url));
const adminDir = resolve(here, '../..');
const workspaceDir = resolve(adminDir, '../..');
const apiMain = resolve(workspaceDir, 'apps/api/dist/main.js');
const workerMain = resolve(workspaceDir, 'apps/api/dist/worker.js');
const adminBuild = resolve(adminDir, 'build');

const POSTGRES_SERVER = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
const STARTUP_TIMEOUT_MS = 60_000;

export const E2E_ADMIN = { email: 'admin@example.test', password: 'correct-horse-battery' } as const;

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminEmail: string;
    adminPassword: string;
    /** The API's own database: browser specs may create tables in it for a local connector to sync. */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(apiMain) || !existsSync(workerMain)) {
    throw new Error(
      `The built API or worker is missing (${apiMain}, ${workerMain}). Run \`pnpm --filter @syncline/api build\` first.`,
    );
  }
  if (!existsSync(resolve(adminBuild, 'index.html'))) {
    throw new Error(
      `The built admin app is missing (${adminBuild}). Run \`pnpm --filter @syncline/admin build\` first.`,
    );
  }

  const runId = randomBytes(4).toString('hex');
  const database = `syncline_e2e_${runId}`;
  const redisPrefix = `syncline_e2e_${runId}`;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const databaseUrl = `${POSTGRES_SERVER}/${database}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: E2E_ADMIN.email,
    ADMIN_PASSWORD: E2E_ADMIN.password,
    ADMIN_DIST: adminBuild,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    // Every spec signs in (browser and API client alike) from this one address, within a minute or two.
    LOGIN_ATTEMPTS_PER_MINUTE: '100',
  };

  const api = startProcess(apiMain, env);
  let worker: ReturnType<typeof startProcess> | null = null;

  const teardown = async () => {
    await Promise.all([stop(api.child), worker && stop(worker.child)]);
    await dropDatabase(database);
    await dropRedisKeys(redisPrefix);
  };

  try {
    await waitForHealth(baseUrl, api.child, api.output);
    // After the API: it has migrated the database the worker uses. `info` for the line saying it started.
    worker = startProcess(workerMain, { ...env, LOG_LEVEL: 'info' });
    await waitForWorker(worker.child, worker.output);
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide('baseUrl', baseUrl);
  project.provide('adminEmail', E2E_ADMIN.email);
  project.provide('adminPassword', E2E_ADMIN.password);
  project.provide('databaseUrl', databaseUrl);
  return teardown;
}

/** A built entry point as a child process, keeping the tail of what it prints for error messages. */
function startProcess(main: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [main], { cwd: workspaceDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      output = (output + chunk).slice(-20_000);
    });
  }
  return { child, output: () => output };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The worker has no HTTP port: it is ready when it logs that it started. */
async function waitForWorker(child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The sync worker exited with code ${child.exitCode} while starting:\n${output()}`);
    }
    if (output().includes('Syncline worker started')) return;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`The sync worker did not start within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function waitForHealth(baseUrl: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The API exited with code ${child.exitCode} while starting:\n${stderr()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      lastProblem = `health answered ${response.status}: ${await response.text()}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(
    `The API did not become healthy within ${STARTUP_TIMEOUT_MS / 1000} s (${lastProblem}):\n${stderr()}`,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  // A graceful shutdown closes the database pool; don't let a stuck one hold the run forever.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Queues, schedulers, the event stream: everything the run's processes kept under its prefix. */
async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}

async function dropDatabase(database: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
