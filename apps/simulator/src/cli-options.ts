import { parseArgs } from 'node:util';
import { SimError } from './errors';
import type { FaultSettings } from './faults';
import { DEFAULT_PORT, type SimulatorOptions } from './options';

type OptionKey = Exclude<keyof SimulatorOptions, 'faults'>;
type Target = { option: OptionKey; kind: 'number' | 'string' | 'list' } | { fault: keyof FaultSettings };

const option = (key: OptionKey, kind: 'number' | 'string' | 'list'): Target => ({ option: key, kind });
const fault = (key: keyof FaultSettings): Target => ({ fault: key });

/** Every flag, the option it sets, and its help; `--seed-count` falls back to `SIM_SEED_COUNT`. */
const FLAGS: readonly (readonly [flag: string, target: Target, help: string])[] = [
  ['port', option('port', 'number'), `HTTP port (default ${DEFAULT_PORT}; 0 = any free port)`],
  ['host', option('host', 'string'), 'interface to listen on (default 127.0.0.1)'],
  ['token', option('token', 'list'), 'accepted bearer token(s), comma-separated (default sim-token)'],
  ['collections', option('collections', 'list'), 'collections to serve (default vehicle,lead,campaign,seller)'],
  ['seed-count', option('seedCount', 'number'), 'records seeded per collection (default 100)'],
  ['seed-random', option('seedRandom', 'number'), 'seed of all random choices (default 1)'],
  ['mutate-every', option('mutateEveryMs', 'number'), 'change records every N ms (default 0 = never)'],
  ['mutate-count', option('mutateCount', 'number'), 'records changed each time (default 10)'],
  ['rate-limit', option('rateLimitPerSecond', 'number'), 'requests per second per token (default 50; 0 = off)'],
  ['rate-burst', option('rateLimitBurst', 'number'), 'burst per token (default 100)'],
  ['latency', fault('latencyMs'), 'added latency in ms, fixed (50) or a range (20-200)'],
  ['error-rate', fault('errorRate'), 'share of requests answered 500/502/503'],
  ['timeout-rate', fault('timeoutRate'), 'share of requests never answered'],
  ['malformed-rate', fault('malformedRate'), 'share of listed records made malformed'],
  ['auth-failure-rate', fault('authFailureRate'), 'share of requests answered 401'],
  ['reset-rate', fault('resetRate'), 'share of connections reset'],
];

const envFor = (flag: string): string => `SIM_${flag.toUpperCase().replace(/-/g, '_')}`;

export const USAGE = [
  'Usage: node apps/simulator/dist/main.js [options]',
  '',
  ...FLAGS.map(([flag, , help]) => `  --${`${flag} <value>`.padEnd(28)} ${help} [${envFor(flag)}]`),
  `  --${'help'.padEnd(28)} this text`,
].join('\n');

/** The flag (and variable) that sets an option, to name it in errors: `seedCount` → `--seed-count (SIM_SEED_COUNT)`. */
export function flagFor(field: string): string {
  const entry = FLAGS.find(([, target]) => ('option' in target ? target.option : `faults.${target.fault}`) === field);
  return entry ? `--${entry[0]} (${envFor(entry[0])})` : field;
}

/** Reads flags, falling back to `SIM_*` variables; values are checked by `resolveOptions`. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): SimulatorOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(FLAGS.map(([flag]) => [flag, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new SimError(400, (error as Error).message);
  }
  if (values.help) return 'help';
  const options: Record<string, unknown> = {};
  const faults: Record<string, string> = {};
  for (const [flag, target] of FLAGS) {
    const raw = (values[flag] as string | undefined) ?? env[envFor(flag)];
    if (raw === undefined) continue;
    if ('fault' in target) faults[target.fault] = raw;
    else if (target.kind === 'number') options[target.option] = raw.trim() === '' ? NaN : Number(raw);
    else if (target.kind === 'list')
      options[target.option] = raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    else options[target.option] = raw;
  }
  return { ...options, faults } as SimulatorOptions;
}
