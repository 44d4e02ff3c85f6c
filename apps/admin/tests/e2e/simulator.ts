import type { CreateIntegrationRequest } from '@syncline/contracts';
import { dealerMapping, dealerTableConnector, simulatorConnector } from '@syncline/simulator';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const simulatorMain = resolve(workspaceDir, 'apps/simulator/dist/main.js');
const STARTUP_TIMEOUT_MS = 30_000;

export const SIM_TOKEN = 'sim-token';

export interface RunningSimulator {
  url: string;
  /** Sets the injected faults (`{}` clears them), e.g. `{ latencyMs: 400 }`. */
  setFaults(faults: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The built remote-system simulator as its own process, on a port it picks, serving `vehicle`
 * records: what the browser specs sync the e2e database against.
 */
export async function startSimulator(seedCount: number): Promise<RunningSimulator> {
  if (!existsSync(simulatorMain)) {
    throw new Error(
      `The built simulator is missing (${simulatorMain}). Run \`pnpm --filter @syncline/simulator build\` first.`,
    );
  }
  const child = spawn(
    process.execPath,
    [
      simulatorMain,
      ...['--port', '0', '--seed-count', String(seedCount), '--token', SIM_TOKEN, '--rate-limit', '0'],
      ...['--collections', 'vehicle'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await listeningUrl(child);
  return {
    url,
    async setFaults(faults) {
      const response = await fetch(`${url}/_sim/faults`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${SIM_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(faults),
      });
      if (!response.ok) throw new Error(`Setting simulator faults failed: ${response.status} ${await response.text()}`);
    },
    stop: () => stop(child),
  };
}

interface StockIntegration extends Partial<CreateIntegrationRequest> {
  key: string;
  name: string;
  /** The local table, `{entity}` standing for the entity type. */
  table: string;
}

/**
 * An integration of the simulator's vehicles ↔ a dealer table of the e2e database, synced by the
 * real worker; other fields (e.g. a schedule) as given.
 */
export function simulatorStock(
  simulatorUrl: string,
  databaseUrl: string,
  { table, ...fields }: StockIntegration,
): CreateIntegrationRequest {
  return {
    provider: 'simulator',
    local: dealerTableConnector(databaseUrl, table),
    remote: simulatorConnector(simulatorUrl),
    entityTypes: ['vehicle'],
    entities: [dealerMapping('vehicle')],
    credentials: { 'remote.token': SIM_TOKEN },
    ...fields,
  };
}

/** The simulator prints "syncline-simulator listening on http://127.0.0.1:<port>: …" once it accepts requests. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (reason: string) =>
      settle(() => {
        child.kill('SIGKILL');
        reject(new Error(`The simulator ${reason}:\n${output}`));
      });
    const timer = setTimeout(() => fail(`did not start within ${STARTUP_TIMEOUT_MS / 1000} s`), STARTUP_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) settle(() => resolveUrl(match[1]));
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) => fail(`exited with code ${code}`));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  await exited;
}
