import { SimError, type FieldProblem } from './errors';
import { deriveSeed, Random } from './random';

/** Shares are probabilities per request (per record for `malformedRate`), 0..1. */
export interface FaultConfig {
  latencyMs: { min: number; max: number };
  errorRate: number;
  timeoutRate: number;
  malformedRate: number;
  authFailureRate: number;
  resetRate: number;
}

/** Fault settings as callers give them; see `normaliseFaults`. */
export type FaultSettings = Partial<Record<(typeof RATES)[number], number | string>> & {
  latencyMs?: number | string | { min: number; max: number };
};

export type FaultKind = 'latency' | 'error' | 'timeout' | 'malformed' | 'auth' | 'reset';

/** What to do with one request instead of (or before) answering it normally. */
export type FaultOutcome =
  { kind: 'reset' | 'timeout' | 'auth' } | { kind: 'error'; status: ErrorStatus } | { kind: 'none' };

export interface FaultPlan {
  latencyMs: number;
  outcome: FaultOutcome;
  /** `first` when the request asked for a malformed record, else a share of the listed records. */
  malformed: 'first' | number;
}

const ERROR_STATUSES = [500, 502, 503] as const;
type ErrorStatus = (typeof ERROR_STATUSES)[number];
const RATES = ['errorRate', 'timeoutRate', 'malformedRate', 'authFailureRate', 'resetRate'] as const;
const MAX_LATENCY_MS = 600_000;

export const NO_FAULTS: FaultConfig = {
  latencyMs: { min: 0, max: 0 },
  errorRate: 0,
  timeoutRate: 0,
  malformedRate: 0,
  authFailureRate: 0,
  resetRate: 0,
};

function parseLatency(value: unknown, problems: FieldProblem[]): FaultConfig['latencyMs'] {
  // A fixed delay (`50`), a range (`"20-200"`) or `{ min, max }`.
  const range =
    typeof value === 'object' && value !== null
      ? [(value as { min?: unknown }).min, (value as { max?: unknown }).max]
      : String(value).split('-');
  const [min, max = min] = range.map((part) => (part === undefined || part === '' ? NaN : Number(part)));
  if (!(min >= 0 && max >= min && max <= MAX_LATENCY_MS)) {
    problems.push({
      field: 'latencyMs',
      reason: `must be milliseconds or a range min-max within 0..${MAX_LATENCY_MS}`,
    });
    return NO_FAULTS.latencyMs;
  }
  return { min, max };
}

/**
 * Checks fault settings from any source (flags, environment, `PUT /_sim/faults`); what is not
 * given is off. Numbers may come as strings, as they do from the command line.
 */
export function normaliseFaults(input: FaultSettings | Readonly<Record<string, unknown>>): FaultConfig {
  const problems: FieldProblem[] = [];
  const unknown = Object.keys(input).filter(
    (key) => key !== 'latencyMs' && !(RATES as readonly string[]).includes(key),
  );
  for (const field of unknown) problems.push({ field, reason: 'is not a fault setting' });
  const config: FaultConfig = { ...NO_FAULTS };
  if (input.latencyMs !== undefined) config.latencyMs = parseLatency(input.latencyMs, problems);
  for (const field of RATES) {
    if (input[field] === undefined) continue;
    const rate = Number(input[field]);
    if (input[field] === '' || !(rate >= 0 && rate <= 1))
      problems.push({ field, reason: 'must be a share from 0 to 1' });
    else config[field] = rate;
  }
  if (problems.length > 0) throw new SimError(400, 'invalid fault settings', problems);
  return config;
}

/** Reads `X-Sim-Fault`: a comma-separated list of `500|502|503|error`, `timeout`, `reset`, `auth`, `malformed`, `latency=<ms>`. */
function parseFaultHeader(header: string): { latencyMs?: number; outcome?: FaultOutcome; malformed: boolean } {
  const forced: { latencyMs?: number; outcome?: FaultOutcome; malformed: boolean } = { malformed: false };
  for (const token of header.split(',').map((part) => part.trim().toLowerCase())) {
    const status = token === 'error' ? 500 : Number(token);
    if ((ERROR_STATUSES as readonly number[]).includes(status))
      forced.outcome = { kind: 'error', status: status as ErrorStatus };
    else if (token === 'timeout' || token === 'reset' || token === 'auth') forced.outcome = { kind: token };
    else if (token === 'malformed') forced.malformed = true;
    else if (/^latency=\d+$/.test(token) && Number(token.slice(8)) <= MAX_LATENCY_MS)
      forced.latencyMs = Number(token.slice(8));
    else throw new SimError(400, `invalid X-Sim-Fault "${token}"`, [{ field: 'X-Sim-Fault', reason: 'unknown fault' }]);
  }
  return forced;
}

/** A record with one thing wrong: its id missing, or a field of the wrong type. Never the stored object. */
function corrupt(record: Readonly<Record<string, unknown>>, rng: Random): Record<string, unknown> {
  const copy = { ...record };
  if (rng.chance(0.5)) {
    delete copy.id;
  } else {
    const field = rng.pick(Object.keys(copy).filter((key) => key !== 'id'));
    copy[field] = typeof copy[field] === 'number' ? String(copy[field]) : 0;
  }
  return copy;
}

/** Decides, with a seeded RNG, which faults hit each request, and counts them. */
export class FaultInjector {
  readonly injected: Record<FaultKind, number> = { latency: 0, error: 0, timeout: 0, malformed: 0, auth: 0, reset: 0 };
  private rng: Random;

  constructor(
    private config: FaultConfig,
    seed: number,
  ) {
    this.rng = new Random(deriveSeed(seed, 'faults'));
  }

  get settings(): FaultConfig {
    return this.config;
  }

  set settings(config: FaultConfig) {
    this.config = config;
  }

  /** Starts the random sequence over, so the same requests meet the same faults again. */
  restart(seed: number): void {
    this.rng = new Random(deriveSeed(seed, 'faults'));
  }

  plan(header: string | undefined): FaultPlan {
    const forced = header ? parseFaultHeader(header) : { malformed: false };
    const { latencyMs, resetRate, timeoutRate, authFailureRate, errorRate, malformedRate } = this.config;
    const plan: FaultPlan = {
      latencyMs: forced.latencyMs ?? (latencyMs.max > 0 ? this.rng.int(latencyMs.min, latencyMs.max) : 0),
      outcome: forced.outcome ?? this.drawOutcome(resetRate, timeoutRate, authFailureRate, errorRate),
      malformed: forced.malformed ? 'first' : malformedRate,
    };
    if (plan.latencyMs > 0) this.injected.latency++;
    if (plan.outcome.kind !== 'none') this.injected[plan.outcome.kind]++;
    return plan;
  }

  /** The records of a list answer, some of them corrupted as the plan says. */
  corruptList(items: readonly Record<string, unknown>[], malformed: FaultPlan['malformed']): Record<string, unknown>[] {
    return items.map((item, index) => {
      const hit = malformed === 'first' ? index === 0 : this.rng.chance(malformed);
      if (!hit) return item;
      this.injected.malformed++;
      return corrupt(item, this.rng);
    });
  }

  private drawOutcome(reset: number, timeout: number, auth: number, error: number): FaultOutcome {
    if (this.rng.chance(reset)) return { kind: 'reset' };
    if (this.rng.chance(timeout)) return { kind: 'timeout' };
    if (this.rng.chance(auth)) return { kind: 'auth' };
    if (this.rng.chance(error)) return { kind: 'error', status: this.rng.pick(ERROR_STATUSES) };
    return { kind: 'none' };
  }
}
