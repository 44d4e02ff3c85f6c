// Helpers shared by the start and test scripts (plain Node, no dependencies: they run before `pnpm install`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command with inherited output; resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function runOrExit(command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) {
    console.error(`\n✖ ${command} ${args.join(' ')} failed (exit ${code})`);
    process.exit(code);
  }
}

export function readEnvFile(file = join(ROOT, '.env')) {
  return existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
}

/** True when something accepts TCP connections at the URL's host and port. */
export function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort), timeout: 2000 });
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('timeout', () => resolve(socket.destroy() && false));
    socket.once('error', () => resolve(false));
  });
}

/** Checks PostgreSQL and Redis, and explains how to start whichever is missing. */
export async function assertServicesReachable(env) {
  const services = [
    { name: 'PostgreSQL', url: env.DATABASE_URL, port: 5432, service: 'postgres' },
    { name: 'Redis', url: env.REDIS_URL, port: 6379, service: 'redis' },
  ];
  const missing = [];
  for (const service of services) if (!(await reachable(service.url, service.port))) missing.push(service);
  if (missing.length === 0) return;
  for (const { name, url } of missing) console.error(`✖ ${name} is not reachable at ${new URL(url).host}.`);
  console.error(
    `\nStart ${missing.map((s) => s.name).join(' and ')} with Docker:\n` +
      `    docker compose up -d ${missing.map((s) => s.service).join(' ')}\n` +
      'or start the local services (Debian: `pg_ctlcluster 15 main start`, ' +
      '`redis-server --daemonize yes`), or point DATABASE_URL / REDIS_URL in .env at running ones.',
  );
  process.exit(1);
}
