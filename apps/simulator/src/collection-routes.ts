import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseMicros } from './clock';
import { type FieldProblem, SimError } from './errors';
import type { FaultPlan } from './faults';
import { bearerToken, errorBody, etag, parseIfMatch } from './http';
import { TokenBuckets } from './rate-limit';
import type { SimulatorState } from './state';
import { decodeCursor, encodeCursor, type Precondition, type RecordView } from './store';

declare module 'fastify' {
  interface FastifyRequest {
    faultPlan: FaultPlan | null;
  }
}

const MAX_PAGE = 1000;
const MAX_BATCH = 1000;
const MAX_RANGES = 65536;

/** What the collection routes need from the server around them to hold and release requests. */
export interface ConnectionControl {
  /** Aborted when the server shuts down: sleeping requests stop waiting. */
  shutdown: AbortSignal;
  /** Keeps a socket open without answering until the client gives up or the server closes. */
  hold(socket: Socket): void;
}

interface CollectionParams {
  collection: string;
}
interface RecordParams extends CollectionParams {
  id: string;
}
interface ListQuery {
  limit: number;
  cursor?: string;
  updated_since?: string;
  ids?: string;
  include_deleted: boolean;
  /** Sparse fieldset: only these fields of each record, comma-separated. */
  fields?: string;
}
interface ChecksumQuery {
  ranges: number;
}
interface BatchBody {
  upserts?: Record<string, unknown>[];
  deletes?: (string | { id: string; expectedVersion?: number })[];
}
interface BatchResult {
  op: 'upsert' | 'delete';
  id: string | null;
  status: number;
  version?: number;
  message?: string;
  details?: FieldProblem[];
}

const includeDeleted = { type: 'boolean', default: false } as const;
const listSchema = {
  querystring: {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
      cursor: { type: 'string', minLength: 1, maxLength: 1024 },
      updated_since: { type: 'string', minLength: 1, maxLength: 64 },
      ids: { type: 'string', minLength: 1 },
      include_deleted: includeDeleted,
      fields: { type: 'string', minLength: 1, maxLength: 1024 },
    },
  },
};
const checksumSchema = {
  querystring: {
    type: 'object',
    properties: { ranges: { type: 'integer', minimum: 1, maximum: MAX_RANGES, default: 256 } },
  },
};
const recordBody = { type: 'object' } as const;
const batchSchema = {
  body: {
    type: 'object',
    properties: {
      upserts: { type: 'array', maxItems: MAX_BATCH, items: recordBody },
      deletes: {
        type: 'array',
        maxItems: MAX_BATCH,
        items: {
          anyOf: [
            { type: 'string' },
            {
              type: 'object',
              required: ['id'],
              properties: { id: { type: 'string' }, expectedVersion: { type: 'integer' } },
            },
          ],
        },
      },
    },
  },
};

/** A batch item's `expectedVersion`: the same optimistic check as `If-Match` on a single write. */
function expectedVersion(item: Readonly<Record<string, unknown>>): Precondition | undefined {
  const version = item.expectedVersion;
  if (version === undefined) return undefined;
  if (!Number.isSafeInteger(version)) {
    throw new SimError(422, 'invalid expectedVersion', [{ field: 'expectedVersion', reason: 'must be an integer' }]);
  }
  return [version as number];
}

function runBatchItem(
  op: BatchResult['op'],
  id: unknown,
  write: () => { status: number; version: number },
): BatchResult {
  const item = { op, id: typeof id === 'string' ? id : null };
  try {
    return { ...item, ...write() };
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    return { ...item, status: error.statusCode, message: error.message, details: error.details };
  }
}

/**
 * The remote system itself: entity collections with cursor paging, versioned writes and batches,
 * behind a per-token rate limit and the configured faults.
 */
export function collectionRoutes(app: FastifyInstance, state: SimulatorState, connections: ConnectionControl): void {
  const { store, faults, counters, options } = state;
  const buckets =
    options.rateLimitPerSecond > 0 ? new TokenBuckets(options.rateLimitPerSecond, options.rateLimitBurst) : undefined;

  app.decorateRequest('faultPlan', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const limit = buckets?.take(bearerToken(request.headers.authorization) ?? '');
    if (limit && !limit.allowed) {
      counters.rateLimited++;
      return reply
        .code(429)
        .header('Retry-After', String(limit.retryAfterSeconds))
        .send(errorBody(429, `rate limit of ${options.rateLimitPerSecond} requests/s exceeded`));
    }
    const header = request.headers['x-sim-fault'];
    const plan = faults.plan(Array.isArray(header) ? header.join(',') : header);
    request.faultPlan = plan;
    if (plan.latencyMs > 0) await sleep(plan.latencyMs, undefined, { signal: connections.shutdown }).catch(() => {});
    switch (plan.outcome.kind) {
      case 'reset':
        request.raw.socket.resetAndDestroy();
        reply.hijack();
        return reply;
      case 'timeout':
        connections.hold(request.raw.socket);
        reply.hijack();
        return reply;
      case 'auth':
        return reply.code(401).header('X-Sim-Injected', 'auth').send(errorBody(401, 'invalid or expired token'));
      case 'error':
        return reply
          .code(plan.outcome.status)
          .header('X-Sim-Injected', 'error')
          .send(errorBody(plan.outcome.status, 'the remote system failed (injected)'));
      case 'none':
        return undefined;
    }
  });

  const listed = (request: FastifyRequest<{ Querystring: ListQuery }>, items: RecordView[]) => {
    const fields = request.query.fields?.split(',');
    const chosen = fields ? items.map((item) => pick(item, fields)) : items;
    return request.faultPlan && request.faultPlan.malformed !== 0
      ? faults.corruptList(chosen, request.faultPlan.malformed)
      : chosen;
  };

  app.get<{ Params: CollectionParams; Querystring: ListQuery }>(
    '/:collection',
    { schema: listSchema },
    async (request) => {
      const collection = store.collection(request.params.collection);
      const query = request.query;
      if (query.ids !== undefined) {
        const ids = query.ids.split(',').filter((id) => id !== '');
        if (ids.length > MAX_PAGE) {
          throw new SimError(400, `at most ${MAX_PAGE} ids per request`, [{ field: 'ids', reason: 'too many' }]);
        }
        const { items, missing } = collection.getMany(ids, query.include_deleted);
        return { items: listed(request, items), missing };
      }
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !after) {
        throw new SimError(400, 'invalid cursor', [{ field: 'cursor', reason: 'not a cursor this server issued' }]);
      }
      const sinceMicros = query.updated_since === undefined ? undefined : parseMicros(query.updated_since);
      if (query.updated_since !== undefined && sinceMicros === undefined) {
        throw new SimError(400, 'invalid updated_since', [
          { field: 'updated_since', reason: 'must be an ISO 8601 date or date-time with a zone' },
        ]);
      }
      const page = collection.page({ after, sinceMicros, limit: query.limit, includeDeleted: query.include_deleted });
      return {
        items: listed(request, page.items),
        nextCursor: page.next && encodeCursor(page.next),
        total: page.total,
      };
    },
  );

  // A static segment wins over `/:collection/:id`, and no id can start with `_`.
  app.get<{ Params: CollectionParams; Querystring: ChecksumQuery }>(
    '/:collection/_checksums',
    { schema: checksumSchema },
    async (request) => {
      const collection = store.collection(request.params.collection);
      const { ranges } = request.query;
      // A range is the hash's low bits, which only a power of two can select.
      if ((ranges & (ranges - 1)) !== 0) {
        throw new SimError(400, 'invalid ranges', [{ field: 'ranges', reason: 'must be a power of two' }]);
      }
      return { ranges: collection.keyChecksums(ranges) };
    },
  );

  app.get<{ Params: RecordParams; Querystring: { include_deleted: boolean } }>(
    '/:collection/:id',
    { schema: { querystring: { type: 'object', properties: { include_deleted: includeDeleted } } } },
    async (request, reply) => {
      const { collection: name, id } = request.params;
      const record = store.collection(name).get(id, request.query.include_deleted);
      if (!record) throw new SimError(404, `${name} ${id} not found`);
      return reply.header('ETag', etag(record.version)).send(record);
    },
  );

  app.post<{ Params: CollectionParams; Body: Record<string, unknown> }>(
    '/:collection',
    { schema: { body: recordBody } },
    async (request, reply) => {
      const { record } = store.collection(request.params.collection).create(request.body);
      return reply
        .code(201)
        .header('ETag', etag(record.version))
        .header('Location', `/${request.params.collection}/${encodeURIComponent(record.id)}`)
        .send(record);
    },
  );

  app.put<{ Params: RecordParams; Body: Record<string, unknown> }>(
    '/:collection/:id',
    { schema: { body: recordBody } },
    async (request, reply) => {
      const { collection: name, id } = request.params;
      if (request.body.id !== undefined && request.body.id !== id) {
        throw new SimError(422, 'id in the body differs from the path', [
          { field: 'id', reason: `must be ${id} or absent` },
        ]);
      }
      const { status, record } = store
        .collection(name)
        .upsert(id, request.body, parseIfMatch(request.headers['if-match']));
      return reply.code(status).header('ETag', etag(record.version)).send(record);
    },
  );

  app.delete<{ Params: RecordParams }>('/:collection/:id', async (request, reply) => {
    const { collection: name, id } = request.params;
    const record = store.collection(name).delete(id, parseIfMatch(request.headers['if-match']));
    return reply.header('ETag', etag(record.version)).send(record);
  });

  // Up to MAX_BATCH writes in one request, each answered on its own; one bad item fails alone.
  app.post<{ Params: CollectionParams; Body: BatchBody }>(
    '/:collection/batch',
    { schema: batchSchema },
    async (request) => {
      const collection = store.collection(request.params.collection);
      const { upserts = [], deletes = [] } = request.body;
      if (upserts.length + deletes.length > MAX_BATCH) {
        throw new SimError(400, `a batch holds at most ${MAX_BATCH} writes`, [
          { field: 'upserts', reason: 'too many writes' },
        ]);
      }
      const results: BatchResult[] = [
        ...upserts.map((item) =>
          runBatchItem('upsert', item.id, () => {
            const { status, record } = collection.upsert(item.id as string, item, expectedVersion(item));
            return { status, version: record.version };
          }),
        ),
        ...deletes.map((item) => {
          const target = typeof item === 'string' ? { id: item } : item;
          return runBatchItem('delete', target.id, () => ({
            status: 200,
            version: collection.delete(target.id, expectedVersion(target)).version,
          }));
        }),
      ];
      return { results };
    },
  );
}

function pick(record: RecordView, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((field) => Object.hasOwn(record, field)).map((field) => [field, record[field]]),
  );
}
