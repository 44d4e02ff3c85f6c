import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import { collectionRoutes } from './collection-routes';
import { controlRoutes } from './control-routes';
import { SimError } from './errors';
import { bearerToken, errorBody } from './http';
import { resolveOptions, type SimulatorOptions } from './options';
import { createState, type SimulatorState } from './state';

export interface Simulator {
  app: FastifyInstance;
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  state: SimulatorState;
  /** Stops the mutation generator, drops held requests, lets the others finish, then stops listening. */
  close(): Promise<void>;
}

/** How long close() lets requests in flight finish before it cuts every connection. */
const CLOSE_GRACE_MS = 500;
// Batches of 1000 realistic records are a few hundred KB; leave room for wide custom records.
const BODY_LIMIT = 16 * 1024 * 1024;

function validationDetails(error: FastifyError) {
  return (error.validation ?? []).map((issue) => {
    const missing = (issue.params as { missingProperty?: string }).missingProperty;
    const path = [issue.instancePath.replace(/^\//, '').replace(/\//g, '.'), missing].filter(Boolean).join('.');
    return {
      field: `${error.validationContext ?? 'request'}${path ? `.${path}` : ''}`,
      reason: issue.message ?? 'is invalid',
    };
  });
}

/** The Fastify app of a simulator over `state`, not yet listening. */
function buildApp(state: SimulatorState): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT });
  const tokens = new Set(state.options.tokens);
  const shutdown = new AbortController();
  const held = new Set<Socket>();

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof SimError) {
      return reply.code(error.statusCode).send(errorBody(error.statusCode, error.message, error.details));
    }
    if (error.validation) return reply.code(400).send(errorBody(400, error.message, validationDetails(error)));
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) process.stderr.write(`simulator: ${error.stack ?? error.message}\n`);
    return reply.code(status).send(errorBody(status, status === 500 ? 'internal error' : error.message));
  });

  app.addHook('onRequest', async (request, reply) => {
    state.counters.requests++;
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || !tokens.has(token)) {
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer realm="syncline-simulator"')
        .send(errorBody(401, 'missing or invalid bearer token'));
    }
  });
  app.addHook('onResponse', async (_request, reply) => {
    const { byStatus } = state.counters;
    byStatus[reply.statusCode] = (byStatus[reply.statusCode] ?? 0) + 1;
  });
  // Held requests would keep close() waiting forever: end them first. Others may finish, within a
  // grace period: Node does not count a keep-alive connection that has not sent a request yet as
  // idle, so without the cut a client's spare connection would hold close() for seconds.
  let graceTimer: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    state.mutator.stop();
    shutdown.abort();
    for (const socket of held) socket.destroy();
    graceTimer = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS).unref();
  });
  app.addHook('onClose', async () => clearTimeout(graceTimer));

  app.register(async (scope) => controlRoutes(scope, state));
  app.register(async (scope) =>
    collectionRoutes(scope, state, {
      shutdown: shutdown.signal,
      hold(socket) {
        held.add(socket);
        socket.once('close', () => held.delete(socket));
      },
    }),
  );
  return app;
}

/** Starts a simulator; `port: 0` picks a free port (see `url`). */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved = resolveOptions(options);
  const state = createState(resolved);
  const app = buildApp(state);
  const url = await app.listen({ port: resolved.port, host: resolved.host });
  state.mutator.start(resolved.mutateEveryMs, resolved.mutateCount);
  return { app, url, state, close: () => app.close() };
}
