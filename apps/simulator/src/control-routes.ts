import type { FastifyInstance } from 'fastify';
import { type FaultSettings, normaliseFaults } from './faults';
import { resetState, type SimulatorState } from './state';

/**
 * `/_sim/*`: how tests, benchmarks and the demo steer the simulator. Only the bearer token guards
 * these routes; no rate limit or fault applies, so a test can always turn faults off again.
 */
export function controlRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.get('/_sim/stats', async () => ({
    collections: Object.fromEntries(state.store.all().map((collection) => [collection.name, collection.counts()])),
    requests: { total: state.counters.requests, byStatus: state.counters.byStatus },
    rateLimited: state.counters.rateLimited,
    faultsInjected: state.faults.injected,
    mutations: state.mutator.applied,
    uptimeSeconds: Math.round((Date.now() - state.startedAt) / 1000),
  }));

  app.get('/_sim/faults', async () => state.faults.settings);

  app.put<{ Body: FaultSettings }>('/_sim/faults', { schema: { body: { type: 'object' } } }, async (request) => {
    state.faults.settings = normaliseFaults(request.body);
    return state.faults.settings;
  });

  app.post<{ Body: { count: number; collection?: string } | undefined }>(
    '/_sim/mutate',
    {
      schema: {
        body: {
          type: ['object', 'null'],
          properties: { count: { type: 'integer', minimum: 1, maximum: 10_000 }, collection: { type: 'string' } },
        },
      },
    },
    async (request) => ({ changes: state.mutator.mutate(request.body?.count ?? 1, request.body?.collection) }),
  );

  app.post<{ Body: { seedCount?: number; seedRandom?: number } | undefined }>(
    '/_sim/reset',
    {
      schema: {
        body: {
          type: ['object', 'null'],
          properties: {
            seedCount: { type: 'integer', minimum: 0, maximum: 1_000_000 },
            seedRandom: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 },
          },
        },
      },
    },
    async (request) => {
      resetState(
        state,
        request.body?.seedCount ?? state.options.seedCount,
        request.body?.seedRandom ?? state.options.seedRandom,
      );
      return {
        collections: Object.fromEntries(state.store.all().map((collection) => [collection.name, collection.counts()])),
      };
    },
  );
}
