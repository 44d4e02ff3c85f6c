import { Writable } from 'node:stream';
import type { CreateIntegrationRequest } from '@syncline/contracts';
import { createSimulator } from '@syncline/simulator';
import { PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { AppConfig } from '../core/config/app-config';
import { loggerParams } from '../core/logging/logging.module';
import { createTestApp, type TestApp } from '../test/test-app';
import { IntegrationsService } from './integrations.service';

const SECRET = 'tok_SUPER-SECRET-remote-token-4711';

const anIntegration = (overrides: Partial<CreateIntegrationRequest> = {}): CreateIntegrationRequest => ({
  key: 'easycars-stock',
  name: 'EasyCars stock',
  provider: 'easycars',
  local: {
    type: 'postgres',
    url: 'postgres://sync@127.0.0.1:5432/dealer',
    table: 'vehicles',
    keyColumn: 'stock_number',
    updatedAtColumn: 'updated_at',
  },
  remote: {
    type: 'http',
    baseUrl: 'http://127.0.0.1:4010',
    collectionPath: '/{entity}s',
    keyField: 'id',
    pagination: 'cursor',
    authHeader: 'Authorization',
  },
  entityTypes: ['vehicle', 'lead'],
  schedule: '*/15 * * * *',
  credentials: { token: SECRET },
  ...overrides,
});

describe('integrations over HTTP', () => {
  let sut: TestApp;
  let admin: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    sut = await createTestApp({ LOG_LEVEL: 'debug' }, (builder) =>
      builder.overrideProvider(PARAMS_PROVIDER_TOKEN).useFactory({
        inject: [AppConfig],
        factory: (config: AppConfig) => {
          const params = loggerParams(config);
          return { ...params, pinoHttp: [params.pinoHttp, capture] };
        },
      }),
    );
    admin = await sut.tokenFor('admin');
  });

  afterAll(() => sut.close());

  const create = (body: object, token = admin) =>
    sut.http().post('/api/v1/integrations').auth(token, { type: 'bearer' }).send(body);

  it('creates an integration and shows only that credentials are set', async () => {
    const response = await create(anIntegration()).expect(201);

    expect(response.body).toMatchObject({
      key: 'easycars-stock',
      status: 'active',
      entityTypes: ['vehicle', 'lead'],
      credentialsSet: true,
      credentialNames: ['token'],
    });
    expect(response.body.credentialsRotatedAt).toEqual(expect.any(String));
    expect(JSON.stringify(response.body)).not.toContain(SECRET);
    expect(response.body).not.toHaveProperty('credentials');
  });

  it('stores credentials encrypted, bound to the row, and never in responses, audit or logs', async () => {
    const { body } = await create(anIntegration({ key: 'sealed-one' })).expect(201);

    const [row] = await sut.dataSource.query(
      `SELECT i.*::text AS everything, credentials_ciphertext FROM integrations i WHERE id = $1`,
      [body.id],
    );
    expect(row.everything).not.toContain(SECRET);
    expect(Buffer.from(row.credentials_ciphertext).toString('latin1')).not.toContain(SECRET);
    expect(await sut.app.get(IntegrationsService).readCredentials(body.id)).toEqual({ token: SECRET });

    const list = await sut.http().get('/api/v1/integrations').auth(admin, { type: 'bearer' }).expect(200);
    const one = await sut.http().get(`/api/v1/integrations/${body.id}`).auth(admin, { type: 'bearer' }).expect(200);
    const audit = await sut.dataSource.query(`SELECT details::text AS details FROM audit_events`);
    expect(JSON.stringify([list.body, one.body, audit])).not.toContain(SECRET);
    expect(logLines.length).toBeGreaterThan(0);
    const logs = logLines.join('');
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(admin);
    expect(logs).toContain('"authorization":"[redacted]"');
    expect(logs).toMatch(/"msg":"POST \/api\/v1\/integrations 201 \d+ ms"/);
  });

  it('refuses a ciphertext moved onto another row', async () => {
    const first = await create(anIntegration({ key: 'row-a' })).expect(201);
    const second = await create(anIntegration({ key: 'row-b', credentials: undefined })).expect(201);
    await sut.dataSource.query(
      `UPDATE integrations SET credentials_ciphertext = a.credentials_ciphertext, credentials_key_version = 1
       FROM integrations a WHERE a.id = $1 AND integrations.id = $2`,
      [first.body.id, second.body.id],
    );

    await expect(sut.app.get(IntegrationsService).readCredentials(second.body.id)).rejects.toThrow();
  });

  it('rotates and clears credentials on update', async () => {
    const { body } = await create(anIntegration({ key: 'rotating' })).expect(201);
    const service = sut.app.get(IntegrationsService);

    const rotated = await sut
      .http()
      .patch(`/api/v1/integrations/${body.id}`)
      .auth(admin, { type: 'bearer' })
      .send({ credentials: { token: 'new-token', password: 'pw' } })
      .expect(200);
    expect(rotated.body.credentialNames).toEqual(['password', 'token']);
    expect(await service.readCredentials(body.id)).toEqual({ token: 'new-token', password: 'pw' });

    const renamed = await sut
      .http()
      .patch(`/api/v1/integrations/${body.id}`)
      .auth(admin, { type: 'bearer' })
      .send({ name: 'Renamed' })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', credentialsSet: true });

    const cleared = await sut
      .http()
      .patch(`/api/v1/integrations/${body.id}`)
      .auth(admin, { type: 'bearer' })
      .send({ credentials: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ credentialsSet: false, credentialNames: [], credentialsRotatedAt: null });
    expect(await service.readCredentials(body.id)).toEqual({});
  });

  it('refuses a schedule more frequent than the shortest interval in the global settings, when it is set', async () => {
    const { body: created } = await create(anIntegration({ key: 'interval-stock', schedule: '*/15 * * * *' })).expect(
      201,
    );
    const { body: config } = await sut.http().get('/api/v1/config').auth(admin, { type: 'bearer' }).expect(200);
    const setMinimum = (minIntervalSeconds: number) =>
      sut
        .http()
        .put('/api/v1/config')
        .auth(admin, { type: 'bearer' })
        .send({ sync: { ...config.sync, minIntervalSeconds } })
        .expect(200);
    const patch = (body: object) =>
      sut.http().patch(`/api/v1/integrations/${created.id}`).auth(admin, { type: 'bearer' }).send(body);
    await setMinimum(1800);
    try {
      const { body: refused } = await create(anIntegration({ key: 'too-often', schedule: '*/20 * * * *' })).expect(400);
      // A schedule stored before the minimum was raised is not the person's to fix on every save.
      await patch({ name: 'Renamed', schedule: '*/15 * * * *' }).expect(200);
      const { body: changed } = await patch({ schedule: '*/20 * * * *' }).expect(400);
      await patch({ schedule: '0 * * * *' }).expect(200);

      const reason = { field: 'schedule', reason: 'must not run more often than every 30 minutes' };
      expect(refused.details).toEqual([reason]);
      expect(changed.details).toEqual([reason]);
    } finally {
      await setMinimum(config.sync.minIntervalSeconds);
    }
  });

  it('names each invalid field and stores nothing', async () => {
    const response = await create({
      ...anIntegration({ key: 'Not A Slug', schedule: '* * * * * *', entityTypes: [] }),
      local: { type: 'ftp' },
      remote: { type: 'http', baseUrl: 'not a url', collectionPath: 'x', keyField: 'id', pagination: 'sideways' },
      surprise: true,
    }).expect(400);

    const reasons = Object.fromEntries(
      (response.body.details as { field: string; reason: string }[]).map((d) => [d.field, d.reason]),
    );
    expect(Object.keys(reasons)).toEqual(
      expect.arrayContaining([
        'key',
        'schedule',
        'entityTypes',
        'local.type',
        'remote.baseUrl',
        'remote.collectionPath',
        'remote.pagination',
        'surprise',
      ]),
    );
    expect(reasons.schedule).toContain('once a minute');
    expect(reasons['remote.baseUrl']).toBe('must be a URL address');
    const [{ count }] = await sut.dataSource.query(
      `SELECT count(*)::int AS count FROM integrations WHERE key = 'Not A Slug'`,
    );
    expect(count).toBe(0);
  });

  it('rejects empty credential values and keeps the stored ones', async () => {
    const { body } = await create(anIntegration({ key: 'keeps-secret' })).expect(201);

    const response = await sut
      .http()
      .patch(`/api/v1/integrations/${body.id}`)
      .auth(admin, { type: 'bearer' })
      .send({ credentials: { token: '' } })
      .expect(400);

    expect(response.body.details[0].field).toBe('credentials');
    expect(await sut.app.get(IntegrationsService).readCredentials(body.id)).toEqual({ token: SECRET });
  });

  it('rejects a password inside a connection URL', async () => {
    const local = { ...anIntegration().local, url: 'postgres://sync:hunter2@db/dealer' };
    const response = await create(
      anIntegration({ key: 'leaky', local: local as CreateIntegrationRequest['local'] }),
    ).expect(400);

    expect(response.body.details).toEqual([
      { field: 'local.url', reason: expect.stringContaining('without a password') },
    ]);
  });

  it('answers 409 for a duplicate key and keeps the first', async () => {
    await create(anIntegration({ key: 'twice', name: 'First' })).expect(201);

    const response = await create(anIntegration({ key: 'twice', name: 'Second' })).expect(409);

    expect(response.body.details).toEqual([{ field: 'key', reason: 'is already taken' }]);
    const [row] = await sut.dataSource.query(`SELECT name FROM integrations WHERE key = 'twice'`);
    expect(row.name).toBe('First');
  });

  it('answers 400 for malformed JSON, 413 for a huge body and 404 for unknown ids', async () => {
    const malformed = await sut
      .http()
      .post('/api/v1/integrations')
      .auth(admin, { type: 'bearer' })
      .set('Content-Type', 'application/json')
      .send('{"key":');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: 'validation_failed', message: expect.stringContaining('JSON') });

    const huge = await create({ ...anIntegration({ key: 'huge' }), name: 'x'.repeat(11 * 1024 * 1024) });
    expect(huge.status).toBe(413);

    const missing = await sut
      .http()
      .get('/api/v1/integrations/00000000-0000-4000-8000-000000000000')
      .auth(admin, { type: 'bearer' });
    expect(missing.status).toBe(404);
    const notUuid = await sut.http().get('/api/v1/integrations/abc').auth(admin, { type: 'bearer' });
    expect(notUuid.body).toMatchObject({ statusCode: 400, details: [{ field: 'id', reason: 'must be a UUID' }] });
  });

  it('pages through integrations by key with a cursor', async () => {
    for (const key of ['page-a', 'page-b', 'page-c']) await create(anIntegration({ key })).expect(201);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await sut
        .http()
        .get('/api/v1/integrations')
        .query({ limit: 2, cursor })
        .auth(admin, { type: 'bearer' })
        .expect(200);
      seen.push(...body.items.map((item: { key: string }) => item.key));
      cursor = body.nextCursor ?? undefined;
    } while (cursor);

    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('tests the connection of both sides with the stored credentials', async () => {
    const sim = await createSimulator({
      port: 0,
      token: SECRET,
      collections: ['vehicle'],
      seedCount: 3,
      rateLimitPerSecond: 0,
    });
    await sut.dataSource.query(`CREATE TABLE stock_vehicle (id text PRIMARY KEY, updated_at timestamptz NOT NULL)`);
    const { body } = await create(
      anIntegration({
        key: 'testable',
        local: { ...anIntegration().local, url: sut.env.DATABASE_URL, table: 'stock_{entity}', keyColumn: 'id' },
        remote: { ...anIntegration().remote, baseUrl: sim.url, collectionPath: '/{entity}' },
        credentials: { 'remote.token': SECRET },
      } as Partial<CreateIntegrationRequest>),
    ).expect(201);
    const operator = await sut.tokenFor('operator');
    const test = (query = {}) =>
      sut
        .http()
        .post(`/api/v1/integrations/${body.id}/test-connection`)
        .query(query)
        .auth(operator, { type: 'bearer' });

    try {
      const healthy = await test().expect(200);
      const lead = await test({ entityType: 'lead' }).expect(200);
      const unknown = await test({ entityType: 'boat' }).expect(400);
      await sut
        .http()
        .patch(`/api/v1/integrations/${body.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ credentials: { 'remote.token': 'wrong-token' } })
        .expect(200);
      const refused = await test().expect(200);

      expect(healthy.body).toEqual({
        local: {
          reachable: true,
          authenticated: true,
          latencyMs: expect.any(Number),
          message: expect.stringContaining('stock_vehicle found'),
        },
        remote: {
          reachable: true,
          authenticated: true,
          latencyMs: expect.any(Number),
          message: 'Connected; /vehicle answered',
        },
      });
      expect(lead.body.local.message).toContain('stock_lead does not exist');
      expect(lead.body.remote).toMatchObject({ reachable: true, message: expect.stringContaining('answered 404') });
      expect(unknown.body.details).toEqual([{ field: 'entityType', reason: 'must be one of vehicle, lead' }]);
      expect(refused.body.remote).toMatchObject({ reachable: true, authenticated: false });
      expect(JSON.stringify(refused.body)).not.toContain('wrong-token');
    } finally {
      await sim.close();
    }
  });

  it('deletes an integration and records every change in the audit trail', async () => {
    const { body } = await create(anIntegration({ key: 'short-lived' })).expect(201);

    await sut.http().delete(`/api/v1/integrations/${body.id}`).auth(admin, { type: 'bearer' }).expect(204);

    const events = await sut.dataSource.query(
      `SELECT action, actor_kind, actor_name FROM audit_events WHERE target_id = $1 ORDER BY id`,
      [body.id],
    );
    expect(events).toEqual([
      { action: 'integration.created', actor_kind: 'user', actor_name: 'Administrator' },
      { action: 'integration.deleted', actor_kind: 'user', actor_name: 'Administrator' },
    ]);
  });
});
