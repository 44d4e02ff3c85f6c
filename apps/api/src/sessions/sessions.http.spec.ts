import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DomainEvents, RecordLogView, SessionView } from '@syncline/contracts';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../test/test-app';

describe('sync sessions over HTTP', () => {
  let sut: TestApp;
  let key: string;
  let integrationId: string;
  let otherIntegrationId: string;

  const as = (method: 'get' | 'post' | 'patch', path: string, credential = key) =>
    sut.http()[method](`/api/v1${path}`).set('X-API-Key', credential);
  const start = (body: object = {}) =>
    as('post', '/sessions').send({ integrationId, entityType: 'vehicle', direction: 'inbound', ...body });
  const startId = async (body: object = {}) => ((await start(body).expect(201)).body as SessionView).id;

  beforeAll(async () => {
    sut = await createTestApp();
    const admin = await sut.tokenFor('admin');
    const createIntegration = async (integrationKey: string) =>
      (
        await sut
          .http()
          .post('/api/v1/integrations')
          .auth(admin, { type: 'bearer' })
          .send({
            key: integrationKey,
            name: integrationKey,
            provider: 'easycars',
            local: { type: 'csv', path: '/data/stock.csv', keyColumn: 'id' },
            remote: {
              type: 'http',
              baseUrl: 'http://127.0.0.1:4010',
              collectionPath: '/vehicles',
              keyField: 'id',
              pagination: 'cursor',
            },
            entityTypes: ['vehicle', 'lead'],
            redactedFields: ['vin', '*_phone'],
          })
          .expect(201)
      ).body.id as string;
    integrationId = await createIntegration('dealer-stock');
    otherIntegrationId = await createIntegration('other-dealer');
    const created = await sut
      .http()
      .post('/api/v1/api-keys')
      .auth(admin, { type: 'bearer' })
      .send({ name: 'importer' })
      .expect(201);
    key = created.body.key;
  });

  afterAll(() => sut.close());

  describe('starting a session', () => {
    it('starts a running session triggered by the API key', async () => {
      const { body } = await start({ total: 120 }).expect(201);

      expect(body).toMatchObject({
        integrationKey: 'dealer-stock',
        status: 'running',
        trigger: 'api',
        attempt: 1,
        counters: { total: 120, processed: 0 },
        triggeredBy: { kind: 'api_key', name: 'importer' },
      });
      expect(body.startedAt).toEqual(expect.any(String));
    });

    it('returns the same session for a repeated Idempotency-Key, even when requests race', async () => {
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => start().set('Idempotency-Key', 'nightly-2026-11-23')),
      );

      const ids = new Set(responses.map((response) => response.body.id));
      expect(ids.size).toBe(1);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      const [{ count }] = await sut.dataSource.query(
        `SELECT count(*)::int AS count FROM sync_sessions WHERE external_ref = 'nightly-2026-11-23'`,
      );
      expect(count).toBe(1);
    });

    it('names the field when the entity type or integration is unknown', async () => {
      const entity = await start({ entityType: 'campaign' }).expect(400);
      const integration = await start({ integrationId: '00000000-0000-4000-8000-000000000000' }).expect(400);

      expect(entity.body.details).toEqual([{ field: 'entityType', reason: 'must be one of vehicle, lead' }]);
      expect(integration.body.details[0].field).toBe('integrationId');
    });
  });

  describe('progress', () => {
    it('applies progress, ignores counters that go backwards, and finishes', async () => {
      const id = await startId({ total: 100 });

      await as('patch', `/sessions/${id}`)
        .send({ stage: 'apply', counters: { processed: 60, created: 10 } })
        .expect(200);
      const late = await as('patch', `/sessions/${id}`)
        .send({ counters: { processed: 40, failed: 2 } })
        .expect(200);
      const done = await as('patch', `/sessions/${id}`)
        .send({ status: 'completed', counters: { processed: 100 }, phaseTimings: { fetch: 120, apply: 800 } })
        .expect(200);

      expect(late.body.counters).toMatchObject({ processed: 60, created: 10, failed: 2 });
      expect(done.body).toMatchObject({
        status: 'completed',
        stage: 'apply',
        counters: { processed: 100 },
        phaseTimings: { fetch: 120, apply: 800 },
      });
      expect(done.body.finishedAt).toEqual(expect.any(String));
      expect(done.body.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('answers 409 with the current status for an illegal transition and changes nothing', async () => {
      const id = await startId();
      await as('patch', `/sessions/${id}`).send({ status: 'failed', statusReason: 'remote down' }).expect(200);

      const response = await as('patch', `/sessions/${id}`)
        .send({ status: 'running', counters: { processed: 5 } })
        .expect(409);

      expect(response.body).toMatchObject({
        error: 'conflict',
        details: [{ field: 'status', reason: 'is failed, a final status' }],
      });
      const [row] = await sut.dataSource.query(
        `SELECT status, processed, status_reason FROM sync_sessions WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({ status: 'failed', processed: 0, status_reason: 'remote down' });
    });

    it('publishes started and completed events with the session', async () => {
      const seen: [string, SessionView][] = [];
      const emitter = sut.app.get(EventEmitter2);
      const listener = (name: string) => (payload: DomainEvents['session.started']) =>
        seen.push([name, payload.session]);
      emitter.on('session.started', listener('session.started'));
      emitter.on('session.completed', listener('session.completed'));

      const id = await startId();
      await as('patch', `/sessions/${id}`)
        .send({ status: 'partial', counters: { processed: 3, failed: 1 } })
        .expect(200);

      expect(seen.filter(([, session]) => session.id === id).map(([name, session]) => [name, session.status])).toEqual([
        ['session.started', 'running'],
        ['session.completed', 'partial'],
      ]);
    });
  });

  describe('record logs', () => {
    it('stores a batch with secrets redacted and lists it by action and key', async () => {
      const id = await startId();
      const records = [
        {
          localKey: 'STK-1',
          remoteKey: 'r-1',
          action: 'create',
          after: { make: 'Mazda', vin: 'JM1', owner_phone: '0400', password: 'x' },
          changedFields: ['make'],
        },
        {
          localKey: 'STK-2',
          remoteKey: 'r-2',
          action: 'update',
          before: { price: 10 },
          after: { price: 12 },
          changedFields: ['price'],
        },
        { remoteKey: 'r-3', action: 'fail', error: 'price is negative' },
      ];

      const appended = await as('post', `/sessions/${id}/records`).send({ records }).expect(201);
      const updates = await as('get', `/sessions/${id}/records?action=update`).expect(200);
      const byKey = await as('get', `/sessions/${id}/records?key=r-1`).expect(200);

      expect(appended.body).toEqual({ accepted: 3 });
      expect(updates.body.items).toEqual([
        expect.objectContaining({
          localKey: 'STK-2',
          before: { price: 10 },
          after: { price: 12 },
          changedFields: ['price'],
        }),
      ]);
      expect(byKey.body.items[0].after).toEqual({
        make: 'Mazda',
        vin: '[redacted]',
        owner_phone: '[redacted]',
        password: '[redacted]',
      });
      const [raw] = await sut.dataSource.query(
        `SELECT after::text AS after FROM sync_record_logs WHERE local_key = 'STK-1'`,
      );
      expect(raw.after).not.toMatch(/JM1|0400/);
    });

    it('lists every field of a create or delete logged without changed fields, and stores none of them', async () => {
      const id = await startId();
      const records = [
        { localKey: 'c', action: 'create', after: { price: 12, make: 'Kia' } },
        { localKey: 'd', action: 'delete', before: { year: 2020, colour: 'Red' } },
        { localKey: 'u', action: 'update', before: { price: 10 }, after: { price: 12 } },
        { localKey: 'e', action: 'create', after: { price: 12, make: 'Kia' }, changedFields: ['price'] },
      ];

      await as('post', `/sessions/${id}/records`).send({ records }).expect(201);
      const { body } = await as('get', `/sessions/${id}/records`).expect(200);

      expect(body.items.map((r: RecordLogView) => [r.localKey, r.changedFields])).toEqual([
        ['c', ['make', 'price']],
        ['d', ['colour', 'year']],
        ['u', []],
        ['e', ['price']],
      ]);
      const stored = await sut.dataSource.query(
        `SELECT local_key, changed_fields FROM sync_record_logs WHERE session_id = $1 ORDER BY id`,
        [id],
      );
      expect(stored.map((row: { changed_fields: string[] }) => row.changed_fields)).toEqual([[], [], [], ['price']]);
    });

    it('stores any text exactly as sent: tabs, newlines, backslashes, quotes, braces, unicode', async () => {
      const text = fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
        .filter((value) => !value.includes('\u0000'));
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({ localKey: text, error: text, changedFields: fc.array(text, { maxLength: 3 }), note: text }),
            {
              minLength: 1,
              maxLength: 20,
            },
          ),
          async (generated) => {
            const id = await startId();
            const records = generated.map((g) => ({
              localKey: g.localKey,
              action: 'update',
              error: g.error,
              changedFields: g.changedFields,
              after: { note: g.note, nested: { tab: '\t', slash: '\\' } },
            }));

            await as('post', `/sessions/${id}/records`).send({ records }).expect(201);

            const { body } = await as('get', `/sessions/${id}/records?limit=200`).expect(200);
            expect(body.items.map((r: RecordLogView) => [r.localKey, r.error, r.changedFields, r.after])).toEqual(
              records.map((r) => [r.localKey, r.error, r.changedFields, r.after]),
            );
          },
        ),
        { numRuns: 15 },
      );
    });

    it('rejects NUL characters in text, which PostgreSQL cannot store, naming the record; keeps them in states', async () => {
      const id = await startId();
      const records = [
        { localKey: 'fine', action: 'create' },
        { localKey: 'bad\u0000key', action: 'create', after: { note: 'nul \u0000 inside' } },
      ];

      const response = await as('post', `/sessions/${id}/records`).send({ records }).expect(400);
      await as('post', `/sessions/${id}/records`)
        .send({ records: [{ localKey: 'ok', action: 'create', after: records[1].after }] })
        .expect(201);

      expect(response.body.details).toEqual([
        { field: 'records.1.localKey', reason: 'must not contain NUL characters' },
      ]);
      const { body } = await as('get', `/sessions/${id}/records`).expect(200);
      expect(body.items).toEqual([expect.objectContaining({ localKey: 'ok', after: { note: 'nul \u0000 inside' } })]);
    });

    it('refuses a batch with one malformed record, naming its index, and stores none of it', async () => {
      const id = await startId();
      const records = [
        { localKey: 'ok-1', action: 'create' },
        { localKey: 'ok-2', action: 'create' },
        { localKey: 'ok-3', action: 'create' },
        { localKey: 'bad', action: 'explode' },
        { action: 'create' },
      ];

      const response = await as('post', `/sessions/${id}/records`).send({ records }).expect(400);

      const fields = response.body.details.map((detail: { field: string }) => detail.field);
      expect(fields).toEqual(expect.arrayContaining(['records.3.action', 'records.4.localKey']));
      const [{ count }] = await sut.dataSource.query(
        `SELECT count(*)::int AS count FROM sync_record_logs WHERE session_id = $1`,
        [id],
      );
      expect(count).toBe(0);
    });

    it('answers 413 with the limit for a batch over 10,000 records', async () => {
      const id = await startId();
      const records = Array.from({ length: 10_001 }, (_, i) => ({ localKey: `k${i}`, action: 'skip' }));

      const response = await as('post', `/sessions/${id}/records`).send({ records }).expect(413);

      expect(response.body.message).toContain('10000');
    });

    it('rejects oversized record state with the limit', async () => {
      const id = await startId();
      const huge = { blob: 'x'.repeat(70 * 1024) };

      const response = await as('post', `/sessions/${id}/records`)
        .send({ records: [{ localKey: 'k', action: 'update', after: huge }] })
        .expect(400);

      expect(response.body.details).toEqual([
        { field: 'records.0.after', reason: 'must be a JSON object of at most 65536 bytes' },
      ]);
    });

    it('answers 409 for records sent to a finished session and 404 for an unknown one', async () => {
      const id = await startId();
      await as('patch', `/sessions/${id}`).send({ status: 'completed' }).expect(200);

      await as('post', `/sessions/${id}/records`)
        .send({ records: [{ localKey: 'late', action: 'create' }] })
        .expect(409);
      await as('post', '/sessions/00000000-0000-4000-8000-000000000000/records').send({ records: [] }).expect(404);
    });
  });

  describe('errors and metrics', () => {
    it('stores categorised errors with redacted excerpts and counts them on the session', async () => {
      const id = await startId();
      const errors = [
        {
          category: 'rate_limit',
          message: '429 Too Many Requests',
          request: { url: '/vehicles', headers: { Authorization: 'Bearer live-token' } },
        },
        { category: 'validation', severity: 'warning', message: 'price missing', recordKey: 'STK-9', retryable: false },
        { category: 'rate_limit', message: '429 again', retryCount: 2 },
      ];

      await as('post', `/sessions/${id}/errors`).send({ errors }).expect(201);
      const list = await as('get', `/sessions/${id}/errors?category=rate_limit`).expect(200);
      const detail = await as('get', `/sessions/${id}`).expect(200);

      expect(list.body.items).toHaveLength(2);
      expect(list.body.items[0]).toMatchObject({
        severity: 'error',
        retryable: true,
        request: { headers: { Authorization: '[redacted]' } },
      });
      expect(detail.body.errorsByCategory).toEqual({ rate_limit: 2, validation: 1 });
      expect(JSON.stringify(list.body)).not.toContain('live-token');
    });

    it('stores metric samples and rejects unknown metric names', async () => {
      const id = await startId();

      await as('post', `/sessions/${id}/metrics`)
        .send({
          samples: [
            { name: 'api_latency_ms', value: 182.5, labels: { endpoint: '/vehicles' } },
            { name: 'queue_depth', value: 4 },
          ],
        })
        .expect(201);
      const bad = await as('post', `/sessions/${id}/metrics`)
        .send({ samples: [{ name: 'vibes', value: 1 }] })
        .expect(400);

      expect(bad.body.details[0].field).toBe('samples.0.name');
      const rows = await sut.dataSource.query(
        `SELECT name, value FROM sync_metric_samples WHERE session_id = $1 ORDER BY id`,
        [id],
      );
      expect(rows).toEqual([
        { name: 'api_latency_ms', value: 182.5 },
        { name: 'queue_depth', value: 4 },
      ]);
    });
  });

  describe('history', () => {
    it('finds the sessions that touched a record by its local or remote key', async () => {
      const first = await startId({ entityType: 'lead' });
      const second = await startId({ entityType: 'lead' });
      await startId({ entityType: 'lead' });
      await as('post', `/sessions/${first}/records`)
        .send({ records: [{ localKey: 'LEAD-77', action: 'create' }] })
        .expect(201);
      await as('post', `/sessions/${second}/records`)
        .send({ records: [{ remoteKey: 'LEAD-77', action: 'update' }] })
        .expect(201);

      const { body } = await as('get', '/sessions?recordKey=LEAD-77').expect(200);

      expect(body.items.map((session: SessionView) => session.id).sort()).toEqual([first, second].sort());
    });

    it('filters by status, entity type and time', async () => {
      const id = await startId({ entityType: 'lead', trigger: 'reconciliation' });
      await as('patch', `/sessions/${id}`).send({ status: 'timed_out' }).expect(200);

      const filtered = await as(
        'get',
        `/sessions?status=timed_out&entityType=lead&trigger=reconciliation&integrationId=${integrationId}`,
      ).expect(200);
      const future = await as('get', `/sessions?from=${new Date(Date.now() + 60_000).toISOString()}`).expect(200);

      expect(filtered.body.items.map((session: SessionView) => session.id)).toEqual([id]);
      expect(future.body.items).toEqual([]);
    });

    it('pages newest first without duplicates or gaps while new sessions arrive', async () => {
      const existing: string[] = (await as('get', '/sessions?limit=200').expect(200)).body.items.map(
        (s: SessionView) => s.id,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: SessionView[]; nextCursor: string | null } } = await as(
          'get',
          `/sessions?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200);
        seen.push(...page.body.items.map((session: SessionView) => session.id));
        cursor = page.body.nextCursor;
        await startId();
      } while (cursor);

      expect(seen).toEqual(existing);
    });

    it('pages through sessions created within the same millisecond', async () => {
      const ids = [await startId(), await startId(), await startId()];
      await sut.dataSource.query(
        `UPDATE sync_sessions SET created_at = '2001-01-01T00:00:00.123Z'::timestamptz + make_interval(secs => step * 0.0001)
           FROM unnest($1::uuid[]) WITH ORDINALITY AS created (id, step) WHERE sync_sessions.id = created.id`,
        [ids],
      );

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: SessionView[]; nextCursor: string | null } } = await as(
          'get',
          `/sessions?limit=1&to=2001-01-02T00:00:00Z${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200);
        seen.push(...page.body.items.map((session: SessionView) => session.id));
        cursor = page.body.nextCursor;
      } while (cursor);

      expect(seen.sort()).toEqual([...ids].sort());
    });

    it('lists the running sessions as current', async () => {
      const id = await startId();

      const { body } = await as('get', '/sessions/current').expect(200);

      expect(body.map((session: SessionView) => session.id)).toContain(id);
      expect(body.every((session: SessionView) => ['queued', 'running'].includes(session.status))).toBe(true);
    });
  });

  describe('export', () => {
    it('exports the filtered history as CSV and JSON', async () => {
      const id = await startId({ entityType: 'lead', externalRef: 'export-me' });
      await as('patch', `/sessions/${id}`)
        .send({ status: 'cancelled', statusReason: 'stopped, "by hand"' })
        .expect(200);

      const csv = await as('get', '/sessions/export?format=csv&status=cancelled').expect(200);
      const json = await as('get', '/sessions/export?format=json&status=cancelled').expect(200);

      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toMatch(/attachment; filename="sessions-.*\.csv"/);
      const lines = csv.text.trim().split('\n');
      expect(lines[0]).toMatch(/^id,integration,entity_type,direction,trigger,status,/);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`${id},dealer-stock,lead,inbound,api,cancelled`);
      expect(lines[1]).toContain('"stopped, ""by hand"""');
      expect(JSON.parse(json.text).map((session: SessionView) => session.id)).toEqual([id]);
    });

    it("exports one session's records and errors", async () => {
      const id = await startId();
      await as('post', `/sessions/${id}/records`)
        .send({
          records: [
            { localKey: 'A', action: 'create', after: { token: 't' } },
            { localKey: 'B', action: 'fail', error: 'bad' },
          ],
        })
        .expect(201);
      await as('post', `/sessions/${id}/errors`)
        .send({ errors: [{ category: 'validation', message: 'B is bad', recordKey: 'B' }] })
        .expect(201);

      const json = await as('get', `/sessions/${id}/export?format=json`).expect(200);
      const csv = await as('get', `/sessions/${id}/export`).expect(200);

      const body = JSON.parse(json.text);
      expect(body.session.id).toBe(id);
      expect(body.records.map((record: { localKey: string }) => record.localKey)).toEqual(['A', 'B']);
      expect(body.records[0].after).toEqual({ token: '[redacted]' });
      expect(body.errors).toEqual([expect.objectContaining({ message: 'B is bad', recordKey: 'B' })]);
      const kinds = csv.text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]);
      expect(kinds).toEqual(['record', 'record', 'error']);
    });

    it('refuses an unknown format', async () => {
      const response = await as('get', '/sessions/export?format=xml').expect(400);

      expect(response.body.details[0].field).toBe('format');
    });
  });

  it('keeps a scoped key to its integrations', async () => {
    const admin = await sut.tokenFor('admin');
    const scoped = (
      await sut
        .http()
        .post('/api/v1/api-keys')
        .auth(admin, { type: 'bearer' })
        .send({ name: 'scoped', integrationIds: [otherIntegrationId] })
        .expect(201)
    ).body.key;
    const id = await startId();

    await as('get', `/sessions/${id}`, scoped).expect(403);
    await as('patch', `/sessions/${id}`, scoped)
      .send({ counters: { processed: 1 } })
      .expect(403);
    const history = await as('get', '/sessions', scoped).expect(200);
    expect(history.body.items).toEqual([]);
  });
});
