import { ENTITY_KINDS } from './entities';
import { SimError, type FieldProblem } from './errors';
import { type FaultConfig, type FaultSettings, normaliseFaults } from './faults';

export interface SimulatorOptions {
  /** 0 picks a free port (tests, benchmarks). Default 4010. */
  port?: number;
  /** Default 127.0.0.1; `0.0.0.0` in a container. */
  host?: string;
  /** Accepted bearer tokens, each with its own rate-limit bucket. Default `sim-token`. */
  token?: string | readonly string[];
  /** Collections to serve, from `vehicle`, `lead`, `campaign`, `seller`. Default all. */
  collections?: readonly string[];
  /** Records seeded per collection. Default 100. */
  seedCount?: number;
  /** Seed of every random choice (data, faults, mutations). Default 1. */
  seedRandom?: number;
  /** Change `mutateCount` random records every this many ms; 0 (default) = never. */
  mutateEveryMs?: number;
  mutateCount?: number;
  /** Requests per second per token; 0 turns the limit off. Default 50. */
  rateLimitPerSecond?: number;
  /** Requests a token may make at once before the per-second rate applies. Default 100. */
  rateLimitBurst?: number;
  faults?: FaultSettings;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'token' | 'faults'>> & {
  tokens: string[];
  faults: FaultConfig;
};

export const DEFAULT_PORT = 4010;

function integerProblem(value: number, min: number, max: number): string | undefined {
  return Number.isSafeInteger(value) && value >= min && value <= max
    ? undefined
    : `must be an integer from ${min} to ${max}`;
}

/** Fills in defaults and refuses bad values, naming each option that is wrong. */
export function resolveOptions(input: SimulatorOptions): ResolvedOptions {
  const tokenInput = input.token ?? 'sim-token';
  const resolved: Omit<ResolvedOptions, 'faults'> = {
    port: input.port ?? DEFAULT_PORT,
    host: input.host ?? '127.0.0.1',
    tokens: typeof tokenInput === 'string' ? [tokenInput] : [...tokenInput],
    collections: [...new Set(input.collections ?? Object.keys(ENTITY_KINDS))],
    seedCount: input.seedCount ?? 100,
    seedRandom: input.seedRandom ?? 1,
    mutateEveryMs: input.mutateEveryMs ?? 0,
    mutateCount: input.mutateCount ?? 10,
    rateLimitPerSecond: input.rateLimitPerSecond ?? 50,
    rateLimitBurst: input.rateLimitBurst ?? 100,
  };
  const problems: FieldProblem[] = [];
  const check = (field: string, reason: string | undefined): void => {
    if (reason) problems.push({ field, reason });
  };
  check('port', integerProblem(resolved.port, 0, 65535));
  check('host', resolved.host === '' ? 'must not be empty' : undefined);
  const badToken = resolved.tokens.length === 0 || resolved.tokens.some((token) => !/^[\x21-\x7e]+$/.test(token));
  check('token', badToken ? 'must be one or more tokens of visible ASCII characters' : undefined);
  const known = Object.keys(ENTITY_KINDS).join(', ');
  const unknownCollections = resolved.collections.filter((name) => !(name in ENTITY_KINDS));
  check(
    'collections',
    resolved.collections.length === 0
      ? `must name at least one of ${known}`
      : unknownCollections.length > 0
        ? `unknown ${unknownCollections.join(', ')}; known: ${known}`
        : undefined,
  );
  check('seedCount', integerProblem(resolved.seedCount, 0, 1_000_000));
  check('seedRandom', integerProblem(resolved.seedRandom, 0, 2 ** 32 - 1));
  check('mutateEveryMs', integerProblem(resolved.mutateEveryMs, 0, 86_400_000));
  check('mutateCount', integerProblem(resolved.mutateCount, 1, 10_000));
  check('rateLimitPerSecond', resolved.rateLimitPerSecond >= 0 ? undefined : 'must be 0 (off) or more');
  check('rateLimitBurst', integerProblem(resolved.rateLimitBurst, 1, 1_000_000));
  let faults: FaultConfig | undefined;
  try {
    faults = normaliseFaults(input.faults ?? {});
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    problems.push(...(error.details ?? []).map(({ field, reason }) => ({ field: `faults.${field}`, reason })));
  }
  if (problems.length > 0 || !faults) throw new SimError(400, 'invalid simulator options', problems);
  return { ...resolved, faults };
}
