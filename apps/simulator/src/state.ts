import { FaultInjector } from './faults';
import { Mutator } from './mutations';
import type { ResolvedOptions } from './options';
import { Store } from './store';

/** Everything the routes share: the data, the fault dice, the mutation generator and the counters. */
export interface SimulatorState {
  options: ResolvedOptions;
  store: Store;
  faults: FaultInjector;
  mutator: Mutator;
  counters: { requests: number; rateLimited: number; byStatus: Record<string, number> };
  startedAt: number;
}

export function createState(options: ResolvedOptions): SimulatorState {
  const store = new Store(options.collections);
  store.seed(options.seedCount, options.seedRandom);
  return {
    options,
    store,
    faults: new FaultInjector(options.faults, options.seedRandom),
    mutator: new Mutator(store, options.seedRandom),
    counters: { requests: 0, rateLimited: 0, byStatus: {} },
    startedAt: Date.now(),
  };
}

/** Reseeds the data and restarts every random sequence, as if the simulator had just started. */
export function resetState(state: SimulatorState, seedCount: number, seedRandom: number): void {
  state.store.seed(seedCount, seedRandom);
  state.faults.restart(seedRandom);
  state.mutator.restart(seedRandom);
}
