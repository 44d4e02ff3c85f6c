import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type {
  BulkErrorOutcome,
  ErrorDetailView,
  ErrorItemView,
  ErrorSeverity,
  ErrorSummaryView,
  SyncErrorInput,
} from '@syncline/contracts';
import { ERROR_SEVERITIES } from '@syncline/contracts';
import { createSimulator, type Simulator } from '@syncline/simulator';
import { createTestApp, type TestApp } from '../test/test-app';
import { createVehicleTable, finished, localVehicles, vehicleIntegration } from '../test/sync-fixture';
import { WorkerModule } from '../worker.module';
import { errorPriority } from './error-priority';

describe('sync errors over HTTP', () => {
  let sut: TestApp;
  let admin: string;

  const api = (method: 'get' | 'post', path: string, token = admin) =>
    sut.http()[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
  const list = async (query: Record<string, string | number> = {}, token = admin) => {
    const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)]));
    const { body } = await api('get', `/errors?${search}`, token).expect(200);
    return body as { items: ErrorItemView[]; nextCursor: string | null };
  };
  const ids = async (query: Record<string, string | number> = {}) => (await list(query)).items.map((e) => e.id);
  /** A session an integration reports, with these errors; answers the session id and its error ids, in order. */
  const report = async (integrationId: string, errors: SyncErrorInput[], entityType = 'seller') => {
    const { body: session } = await api('post', '/sessions')
      .send({ integrationId, entityType, direction: 'inbound' })
      .expect(201);
    await api('post', `/sessions/${session.id}/errors`).send({ errors }).expect(201);
    const rows: { id: string }[] = await sut.dataSource.query(
      'SELECT id FROM sync_errors WHERE session_id = $1 ORDER BY id',
      [session.id],
    );
    return { sessionId: session.id as string, errorIds: rows.map((row) => row.id) };
  };
  const stored = async (id: string) =>
    (
      await sut.dataSource.query(
        `SELECT status, resolved_at, resolved_by_kind, resolved_by, resolved_by_name, resolution_note, retry_count,
                retry_session_id
           FROM sync_errors WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    sut = await createTestApp();
    admin = await sut.tokenFor('admin');
  });

  afterAll(() => sut?.close());

  describe('the list', () => {
    let sheetId: string;
    let otherId: string;
    let sheet: { sessionId: string; errorIds: string[] };
    let other: { sessionId: string; errorIds: string[] };

    beforeAll(async () => {
      sheetId = await sut.csvIntegration('sheet', ['seller', 'campaign']);
      otherId = await sut.csvIntegration('other-sheet', ['seller']);
      sheet = await report(sheetId, [
        {
          category: 'validation',
          severity: 'warning',
          code: 'VAL_PRICE',
          message: 'price must be 50%',
          recordKey: 'S-1',
        },
        { category: 'network', message: 'socket hang up' },
        { category: 'auth', severity: 'critical', code: 'HTTP_401', message: 'Token expired' },
      ]);
      other = await report(otherId, [
        { category: 'rate_limit', severity: 'warning', message: '429 Too Many Requests' },
      ]);
    });

    it('holds the errors of every session, newest first, with where they happened', async () => {
      const { items } = await list({ integrationId: sheetId });

      expect(items.map((error) => error.id)).toEqual([...sheet.errorIds].reverse());
      expect(items[2]).toMatchObject({
        sessionId: sheet.sessionId,
        integrationKey: 'sheet',
        entityType: 'seller',
        category: 'validation',
        severity: 'warning',
        code: 'VAL_PRICE',
        recordKey: 'S-1',
        status: 'open',
        retryable: false,
        resolvedBy: null,
        engineRun: false,
        lastRetry: null,
      });
      expect(items[1]).toMatchObject({ category: 'network', severity: 'error', retryable: true });
      expect(items[0]).not.toHaveProperty('request');
      expect(await ids()).toEqual(expect.arrayContaining([...sheet.errorIds, ...other.errorIds]));
    });

    it('filters by category, severity, integration, entity, session, record and status', async () => {
      const [validation, network, auth] = sheet.errorIds;
      const campaign = await report(sheetId, [{ category: 'validation', message: 'no budget' }], 'campaign');

      expect(await ids({ integrationId: sheetId, category: 'validation' })).toEqual([...campaign.errorIds, validation]);
      expect(await ids({ severity: 'critical' })).toEqual([auth]);
      expect(await ids({ integrationId: otherId })).toEqual(other.errorIds);
      expect(await ids({ integrationId: sheetId, entityType: 'campaign' })).toEqual(campaign.errorIds);
      expect(await ids({ sessionId: sheet.sessionId, category: 'network' })).toEqual([network]);
      expect(await ids({ recordKey: 'S-1' })).toEqual([validation]);
      expect(await ids({ integrationId: otherId, status: 'resolved' })).toEqual([]);
    });

    it('searches message and code, case-insensitively, taking % and _ literally', async () => {
      const [validation, , auth] = sheet.errorIds;

      expect(await ids({ q: 'token EXPIRED' })).toEqual([auth]);
      expect(await ids({ q: 'http_401' })).toEqual([auth]);
      expect(await ids({ q: '50%' })).toEqual([validation]);
      expect(await ids({ q: '5_%' })).toEqual([]);
    });

    it('filters by when the error was reported', async () => {
      const [validation] = sheet.errorIds;
      await sut.dataSource.query(`UPDATE sync_errors SET created_at = '2020-01-10T12:00:00Z' WHERE id = $1`, [
        validation,
      ]);

      expect(await ids({ integrationId: sheetId, to: '2020-01-11T00:00:00Z' })).toEqual([validation]);
      expect(await ids({ integrationId: sheetId, from: '2020-01-10T00:00:00Z', to: '2020-01-10T12:00:00Z' })).toEqual(
        [],
      );
      expect(await ids({ integrationId: sheetId, from: '2020-01-11T00:00:00Z' })).not.toContain(validation);
    });

    it('pages with a cursor without losing errors stored together', async () => {
      const batch = await report(
        otherId,
        Array.from({ length: 7 }, (_, index) => ({ category: 'timeout' as const, message: `timed out ${index}` })),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list({ sessionId: batch.sessionId, limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((error) => error.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);

      expect(pages).toBe(3);
      expect(seen).toEqual([...batch.errorIds].reverse());
    });

    it('names the field of a filter it refuses', async () => {
      const cases: [string, string][] = [
        ['status=closed', 'status'],
        ['category=gremlins', 'category'],
        ['integrationId=sheet', 'integrationId'],
        ['sessionId=42', 'sessionId'],
        ['from=yesterday', 'from'],
        ['limit=0', 'limit'],
        ['cursor=garbage', 'cursor'],
        ['colour=red', 'colour'],
      ];
      for (const [query, field] of cases) {
        const { body } = await api('get', `/errors?${query}`).expect(400);
        expect({ query, field: body.details[0]?.field }).toEqual({ query, field });
      }
      expect((await api('get', '/errors/not-a-number').expect(400)).body.details).toEqual([
        { field: 'id', reason: 'must be an error id (a positive integer)' },
      ]);
      await api('get', '/errors/999999999').expect(404);
    });

    it('shows one error with its excerpts, stack and session', async () => {
      const { errorIds, sessionId } = await report(sheetId, [
        {
          category: 'remote_server',
          message: 'Bad gateway',
          recordKey: 'S-9',
          request: { method: 'PUT', url: '/sellers/S-9' },
          response: { status: 502, body: 'upstream down' },
          stack: 'Error: Bad gateway\n    at put (client.ts:10)',
        },
      ]);

      const { body } = await api('get', `/errors/${errorIds[0]}`).expect(200);

      expect(body as ErrorDetailView).toMatchObject({
        id: errorIds[0],
        request: { method: 'PUT', url: '/sellers/S-9' },
        response: { status: 502, body: 'upstream down' },
        stack: expect.stringContaining('at put'),
        session: { id: sessionId, integrationKey: 'sheet', status: 'running', mode: null },
      });
    });
  });

  describe('the summary', () => {
    let integrationId: string;

    /** Stored directly, so an error can be reported days ago (the trend counts it on that day). */
    const storeAt = async (sessionId: string, category: string, severity: ErrorSeverity, daysAgo: number) =>
      sut.dataSource.query(
        `INSERT INTO sync_errors (session_id, integration_id, category, severity, message, retryable, retry_count, created_at)
         VALUES ($1, $2, $3, $4, 'stored', $5, 0, now() - make_interval(days => $6))`,
        [sessionId, integrationId, category, severity, category === 'network', daysAgo],
      );

    beforeAll(async () => {
      integrationId = await sut.csvIntegration('summarised', ['seller']);
      const { sessionId, errorIds } = await report(integrationId, [
        { category: 'validation', severity: 'warning', message: 'bad price', recordKey: 'A' },
        { category: 'validation', severity: 'warning', message: 'bad price', recordKey: 'B' },
        { category: 'validation', severity: 'error', message: 'bad year', recordKey: 'C' },
        { category: 'auth', severity: 'critical', message: 'token expired' },
        { category: 'auth', severity: 'critical', message: 'token expired again' },
        { category: 'validation', severity: 'warning', message: 'resolved already', recordKey: 'D' },
      ]);
      await storeAt(sessionId, 'network', 'error', 3);
      await storeAt(sessionId, 'network', 'warning', 3);
      await storeAt(sessionId, 'network', 'error', 40);
      await api('post', `/errors/${errorIds[5]}/resolve`).send({}).expect(200);
    });

    it('groups open errors by category with the numbers the stored rows give', async () => {
      const { body } = await api('get', `/errors/summary?integrationId=${integrationId}`).expect(200);
      const summary = body as ErrorSummaryView;
      const expected: Record<string, unknown>[] = await sut.dataSource.query(
        `SELECT category::text, count(*)::int AS open, count(*) FILTER (WHERE retryable)::int AS retryable,
                min(created_at) AS first, max(created_at) AS last
           FROM sync_errors WHERE integration_id = $1 AND status = 'open' GROUP BY category`,
        [integrationId],
      );

      expect(summary.open).toBe(3 + 2 + 3);
      expect(summary.groups.map((group) => group.category).sort()).toEqual(expected.map((row) => row.category).sort());
      for (const row of expected) {
        const group = summary.groups.find((candidate) => candidate.category === row.category)!;
        expect(group).toMatchObject({
          open: row.open,
          retryable: row.retryable,
          firstSeenAt: (row.first as Date).toISOString(),
          lastSeenAt: (row.last as Date).toISOString(),
        });
      }
      expect(summary.groups.find((group) => group.category === 'validation')!.bySeverity).toEqual({
        info: 0,
        warning: 2,
        error: 1,
        critical: 0,
      });
      expect(summary.groups.find((group) => group.category === 'network')).toMatchObject({ open: 3, retryable: 3 });
    });

    it('orders the groups by priority: severity weight × frequency × recency', async () => {
      const { body } = await api('get', `/errors/summary?integrationId=${integrationId}`).expect(200);
      const summary = body as ErrorSummaryView;
      const now = new Date(summary.generatedAt);

      for (const group of summary.groups) {
        const severity = [...ERROR_SEVERITIES].reverse().find((candidate) => group.bySeverity[candidate] > 0)!;
        const lastSeenAt = new Date(group.lastSeenAt);
        expect(group.priority).toBeCloseTo(errorPriority({ severity, count: group.open, lastSeenAt }, now), 2);
      }
      expect(summary.groups.map((group) => group.category)).toEqual(['auth', 'validation', 'network']);
      const priorities = summary.groups.map((group) => group.priority);
      expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    });

    it('gives each category its errors per day over the last 30 days, resolved ones included', async () => {
      const { body } = await api('get', `/errors/summary?integrationId=${integrationId}`).expect(200);
      const summary = body as ErrorSummaryView;
      const days = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);

      expect(summary.trendDays).toHaveLength(30);
      expect(summary.trendDays[29]).toBe(days(0));
      expect(summary.trendDays[0]).toBe(days(29));
      const trend = (category: string) => summary.groups.find((group) => group.category === category)!.trend;
      expect(trend('validation')[29]).toBe(4);
      expect(trend('auth')[29]).toBe(2);
      // The error of 40 days ago is open but outside the trend.
      expect(trend('network')[summary.trendDays.indexOf(days(3))]).toBe(2);
      expect(trend('network').reduce((sum, count) => sum + count, 0)).toBe(2);
    });

    it('counts only the time range asked for', async () => {
      const from = new Date(Date.now() - 86_400_000).toISOString();
      const { body } = await api(
        'get',
        `/errors/summary?integrationId=${integrationId}&from=${encodeURIComponent(from)}`,
      ).expect(200);

      expect((body as ErrorSummaryView).groups.map((group) => [group.category, group.open])).toEqual([
        ['auth', 2],
        ['validation', 3],
      ]);
      expect((await api('get', '/errors/summary?to=soon').expect(400)).body.details[0].field).toBe('to');
    });
  });

  describe('resolving and ignoring', () => {
    let integrationId: string;
    let errorIds: string[];

    beforeAll(async () => {
      integrationId = await sut.csvIntegration('triaged', ['seller']);
      ({ errorIds } = await report(
        integrationId,
        Array.from({ length: 5 }, (_, index) => ({ category: 'validation' as const, message: `bad ${index}` })),
      ));
    });

    it('resolves with who and why, stored and audited; a second resolve is a 409', async () => {
      const { body: me } = await api('get', '/auth/me').expect(200);

      const { body } = await api('post', `/errors/${errorIds[0]}/resolve`).send({ note: 'fixed the feed' }).expect(200);

      expect(body as ErrorItemView).toMatchObject({
        id: errorIds[0],
        status: 'resolved',
        resolutionNote: 'fixed the feed',
        resolvedBy: { kind: 'user', id: me.id },
      });
      expect(await stored(errorIds[0])).toMatchObject({
        status: 'resolved',
        resolved_at: expect.any(Date),
        resolved_by_kind: 'user',
        resolved_by: me.id,
        resolution_note: 'fixed the feed',
      });
      const [audit] = await sut.dataSource.query(
        `SELECT action, actor_id, details FROM audit_events WHERE target_type = 'sync_error' AND target_id = $1`,
        [errorIds[0]],
      );
      expect(audit).toMatchObject({
        action: 'error.resolved',
        actor_id: me.id,
        details: { note: 'fixed the feed', previousStatus: 'open', integration: 'triaged', category: 'validation' },
      });
      const again = await api('post', `/errors/${errorIds[0]}/resolve`).send({}).expect(409);
      expect(again.body.details).toEqual([{ field: 'status', reason: 'is resolved' }]);
    });

    it('ignores without a note; ignored errors leave the open list and summary', async () => {
      await api('post', `/errors/${errorIds[1]}/ignore`).send({}).expect(200);

      expect(await stored(errorIds[1])).toMatchObject({ status: 'ignored', resolution_note: null });
      expect(await ids({ integrationId, status: 'open' })).toEqual([errorIds[4], errorIds[3], errorIds[2]]);
      expect(await ids({ integrationId, status: 'ignored' })).toEqual([errorIds[1]]);
      const { body } = await api('get', `/errors/summary?integrationId=${integrationId}`).expect(200);
      expect((body as ErrorSummaryView).groups).toEqual([expect.objectContaining({ category: 'validation', open: 3 })]);
    });

    it('acts on many in bulk, each id on its own', async () => {
      const { body } = await api('post', '/errors/bulk')
        .send({
          ids: [errorIds[2], errorIds[3], errorIds[1], '999999999', errorIds[2]],
          action: 'ignore',
          note: 'noise',
        })
        .expect(200);
      const results = body.results as BulkErrorOutcome[];

      expect(results.map(({ id, ok, error }) => [id, ok, error?.statusCode])).toEqual([
        [errorIds[2], true, undefined],
        [errorIds[3], true, undefined],
        [errorIds[1], false, 409],
        ['999999999', false, 404],
      ]);
      expect((await stored(errorIds[2])).status).toBe('ignored');
      expect((await stored(errorIds[3])).resolution_note).toBe('noise');
      const audits = await sut.dataSource.query(
        `SELECT target_id FROM audit_events WHERE action = 'error.ignored' AND details->>'note' = 'noise' ORDER BY target_id`,
      );
      expect(audits.map((row: { target_id: string }) => row.target_id)).toEqual([errorIds[2], errorIds[3]].sort());

      const resolved = await api('post', '/errors/bulk')
        .send({ ids: [errorIds[2]], action: 'resolve' })
        .expect(200);
      expect(resolved.body.results).toEqual([{ id: errorIds[2], ok: true }]);
      expect((await stored(errorIds[2])).status).toBe('resolved');
    });

    it('names the field of a bulk request it refuses', async () => {
      const cases: [object, string][] = [
        [{ ids: [], action: 'resolve' }, 'ids'],
        [{ ids: ['1'], action: 'delete' }, 'action'],
        [{ ids: ['x1'], action: 'resolve' }, 'ids'],
        [{ ids: Array.from({ length: 501 }, (_, index) => String(index + 1)), action: 'ignore' }, 'ids'],
        [{ ids: ['1'], action: 'resolve', note: 'x'.repeat(2001) }, 'note'],
      ];
      for (const [body, field] of cases) {
        const response = await api('post', '/errors/bulk').send(body).expect(400);
        expect(response.body.details[0].field).toBe(field);
      }
      const note = await api('post', `/errors/${errorIds[4]}/resolve`).send({ note: 42 }).expect(400);
      expect(note.body.details[0].field).toBe('note');
      expect((await stored(errorIds[4])).status).toBe('open');
    });

    it('lets viewers read but not change errors', async () => {
      const viewer = await sut.tokenFor('viewer');

      await api('get', `/errors?integrationId=${integrationId}`, viewer).expect(200);
      await api('get', `/errors/${errorIds[4]}`, viewer).expect(200);
      await api('get', '/errors/summary', viewer).expect(200);
      for (const path of [
        `/errors/${errorIds[4]}/resolve`,
        `/errors/${errorIds[4]}/ignore`,
        `/errors/${errorIds[4]}/retry`,
      ]) {
        const { body } = await api('post', path, viewer).send({}).expect(403);
        expect(body.error).toBe('forbidden');
      }
      await api('post', '/errors/bulk', viewer)
        .send({ ids: [errorIds[4]], action: 'resolve' })
        .expect(403);
      expect((await stored(errorIds[4])).status).toBe('open');
    });

    it('keeps an API key limited to some integrations to their errors', async () => {
      const elsewhere = await sut.csvIntegration('elsewhere', ['seller']);
      const hidden = await report(elsewhere, [{ category: 'auth', severity: 'critical', message: 'hidden' }]);
      const { body: created } = await api('post', '/api-keys')
        .send({ name: 'triage-bot', integrationIds: [integrationId] })
        .expect(201);
      const key = created.key as string;
      const asKey = (method: 'get' | 'post', path: string) =>
        sut.http()[method](`/api/v1${path}`).set('X-API-Key', key);

      const { body: page } = await asKey('get', '/errors?limit=200').expect(200);
      expect(new Set((page.items as ErrorItemView[]).map((error) => error.integrationKey))).toEqual(
        new Set(['triaged']),
      );
      expect((await asKey('get', `/errors?integrationId=${elsewhere}`).expect(200)).body.items).toEqual([]);
      const { body: summary } = await asKey('get', '/errors/summary').expect(200);
      expect((summary as ErrorSummaryView).open).toBe(1);
      await asKey('get', `/errors/${hidden.errorIds[0]}`).expect(403);
      await asKey('post', `/errors/${hidden.errorIds[0]}/resolve`).send({}).expect(403);
      const { body: bulk } = await asKey('post', '/errors/bulk')
        .send({ ids: [hidden.errorIds[0], errorIds[4]], action: 'resolve' })
        .expect(200);
      expect(bulk.results.map((outcome: BulkErrorOutcome) => [outcome.ok, outcome.error?.statusCode])).toEqual([
        [false, 403],
        [true, undefined],
      ]);
      expect((await stored(hidden.errorIds[0])).status).toBe('open');
      expect(await stored(errorIds[4])).toMatchObject({ status: 'resolved', resolved_by_kind: 'api_key' });
    });
  });

  describe('retrying (API, worker, PostgreSQL table ↔ simulator)', () => {
    let sim: Simulator;
    let worker: INestApplicationContext;
    let integrationId: string;
    let refused: string[];
    let partialId: string;

    const setRemotePrice = async (key: string, price: number) => {
      const url = `${sim.url}/vehicle/${key}`;
      const headers = { authorization: 'Bearer sim-token', 'content-type': 'application/json' };
      const record = (await (await fetch(url, { headers })).json()) as Record<string, unknown>;
      await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ ...record, price }) });
    };
    const sync = async (body: object) => {
      const { body: started } = await api('post', '/sync/manual')
        .send({ integrationId, entityType: 'vehicle', ...body })
        .expect(202);
      return finished(sut, admin, started.sessionId);
    };
    const errorOf = async (key: string) => (await list({ sessionId: partialId, recordKey: key })).items[0];

    beforeAll(async () => {
      sim = await createSimulator({ port: 0, seedCount: 20, rateLimitPerSecond: 0, collections: ['vehicle'] });
      worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      await worker.init();
      await createVehicleTable(sut.dataSource);
      const { body } = await api('post', '/integrations')
        .send(vehicleIntegration(sim, sut.env.DATABASE_URL))
        .expect(201);
      integrationId = body.id;
      expect((await sync({ direction: 'inbound', mode: 'full' })).status).toBe('completed');

      refused = [...(await localVehicles(sut.dataSource)).keys()].sort().slice(0, 3);
      for (const key of refused) await setRemotePrice(key, 2_000_000);
      // The local side refuses these records for now.
      await sut.dataSource.query('ALTER TABLE stock_vehicle ADD CONSTRAINT affordable CHECK (price < 1000000)');
      const partial = await sync({ direction: 'inbound' });
      await sut.dataSource.query('ALTER TABLE stock_vehicle DROP CONSTRAINT affordable');
      expect(partial).toMatchObject({ status: 'partial', counters: { failed: 3 } });
      partialId = partial.id;
    });

    afterAll(async () => {
      await worker?.close();
      await sim?.close();
    });

    it('runs the error’s record again in a retry of its session, limited to that record', async () => {
      const error = await errorOf(refused[0]);
      expect(error).toMatchObject({ recordKey: refused[0], status: 'open', engineRun: true, lastRetry: null });

      const { body } = await api('post', `/errors/${error.id}/retry`).expect(202);

      expect(body.error).toMatchObject({
        id: error.id,
        retryCount: error.retryCount + 1,
        lastRetry: { sessionId: body.sessionId },
      });
      const [session] = await sut.dataSource.query(
        'SELECT trigger, parent_session_id, retry_scope, retry_keys FROM sync_sessions WHERE id = $1',
        [body.sessionId],
      );
      expect(session).toEqual({
        trigger: 'retry',
        parent_session_id: partialId,
        retry_scope: 'failed',
        retry_keys: [refused[0]],
      });
      const retried = await finished(sut, admin, body.sessionId);
      expect(retried).toMatchObject({ status: 'completed', counters: { processed: 1, updated: 1, failed: 0 } });
      const local = await localVehicles(sut.dataSource);
      expect(refused.map((key) => local.get(key)?.price)).toEqual([2_000_000, expect.any(Number), expect.any(Number)]);
      expect(local.get(refused[1])?.price).not.toBe(2_000_000);
      expect((await errorOf(refused[0])).lastRetry).toEqual({ sessionId: body.sessionId, status: 'completed' });
      const [audit] = await sut.dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'error.retried' AND target_id = $1`,
        [error.id],
      );
      expect(audit.details).toMatchObject({ retrySessionId: body.sessionId, recordKey: refused[0] });
    });

    it('retries several errors of one session in one retry session of their records', async () => {
      const errors = [await errorOf(refused[1]), await errorOf(refused[2])];

      const { body } = await api('post', '/errors/bulk')
        .send({ ids: errors.map((error) => error.id), action: 'retry' })
        .expect(200);

      const results = body.results as BulkErrorOutcome[];
      expect(results.every((outcome) => outcome.ok)).toBe(true);
      expect(new Set(results.map((outcome) => outcome.sessionId)).size).toBe(1);
      const [{ retry_keys }] = await sut.dataSource.query('SELECT retry_keys FROM sync_sessions WHERE id = $1', [
        results[0].sessionId,
      ]);
      expect([...retry_keys].sort()).toEqual([refused[1], refused[2]]);
      expect(await finished(sut, admin, results[0].sessionId!)).toMatchObject({
        status: 'completed',
        counters: { updated: 2 },
      });
      const local = await localVehicles(sut.dataSource);
      expect(refused.map((key) => local.get(key)?.price)).toEqual([2_000_000, 2_000_000, 2_000_000]);
    });

    it('answers 409 naming the sync of the entity already running', async () => {
      const error = await errorOf(refused[0]);
      const [{ id: running }] = await sut.dataSource.query(
        `INSERT INTO sync_sessions (integration_id, entity_type, direction, trigger, mode, status, triggered_by_kind, triggered_by_name, started_at)
         VALUES ($1, 'vehicle', 'inbound', 'manual', 'incremental', 'running', 'system', 'Syncline', now()) RETURNING id`,
        [integrationId],
      );
      try {
        const { body } = await api('post', `/errors/${error.id}/retry`).expect(409);
        expect(body.details).toEqual([{ field: 'sessionId', reason: running }]);
        expect((await stored(error.id)).retry_count).toBe(error.retryCount);
      } finally {
        await sut.dataSource.query(`UPDATE sync_sessions SET status = 'cancelled', finished_at = now() WHERE id = $1`, [
          running,
        ]);
      }
    });

    it('answers 422 with the field for an error without a record or from a reported session', async () => {
      const [keyless] = await sut.dataSource.query(
        `INSERT INTO sync_errors (session_id, integration_id, category, severity, message, retryable, retry_count)
         VALUES ($1, $2, 'network', 'error', 'connection reset', true, 0) RETURNING id`,
        [partialId, integrationId],
      );
      const reportedIntegration = await sut.csvIntegration('reported', ['seller']);
      const reported = await report(reportedIntegration, [
        { category: 'validation', message: 'bad', recordKey: 'R-1' },
      ]);

      const noKey = await api('post', `/errors/${keyless.id}/retry`).expect(422);
      const notOurs = await api('post', `/errors/${reported.errorIds[0]}/retry`).expect(422);

      expect(noKey.body).toMatchObject({ error: 'unprocessable', details: [{ field: 'recordKey' }] });
      expect(notOurs.body).toMatchObject({ error: 'unprocessable', details: [{ field: 'sessionId' }] });
      const { body } = await api('post', '/errors/bulk')
        .send({ ids: [keyless.id, reported.errorIds[0]], action: 'retry' })
        .expect(200);
      expect(body.results.map((outcome: BulkErrorOutcome) => outcome.error?.details[0].field)).toEqual([
        'recordKey',
        'sessionId',
      ]);
    });
  });
});
