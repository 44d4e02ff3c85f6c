import { createTestApp, type TestApp } from '../test/test-app';

describe('API keys over HTTP', () => {
  let sut: TestApp;
  let admin: string;
  let integrationIds: string[];

  beforeAll(async () => {
    sut = await createTestApp();
    admin = await sut.tokenFor('admin');
    integrationIds = [];
    for (const key of ['scoped-in', 'scoped-out']) integrationIds.push(await sut.csvIntegration(key, ['seller']));
  });

  afterAll(() => sut.close());

  const createKey = (body: object) => sut.http().post('/api/v1/api-keys').auth(admin, { type: 'bearer' }).send(body);

  it('returns the raw key once and stores only its digest', async () => {
    const { body } = await createKey({ name: 'stock importer' }).expect(201);

    expect(body.key).toMatch(/^slk_[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({ name: 'stock importer', role: 'operator', integrationIds: null });
    expect(body.key.startsWith(body.keyPreview.replace('…', ''))).toBe(true);
    const [row] = await sut.dataSource.query(`SELECT k::text AS everything FROM api_keys k WHERE id = $1`, [body.id]);
    expect(row.everything).not.toContain(body.key);
    expect(row.everything).not.toContain(body.key.slice(12));
    const list = await sut.http().get('/api/v1/api-keys').auth(admin, { type: 'bearer' }).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(body.key);
  });

  it('authenticates by bearer and by X-API-Key and records last use', async () => {
    const { body } = await createKey({ name: 'reporter' }).expect(201);

    const byBearer = await sut.http().get('/api/v1/auth/me').auth(body.key, { type: 'bearer' }).expect(200);
    await sut.http().get('/api/v1/auth/me').set('X-API-Key', body.key).expect(200);

    expect(byBearer.body).toMatchObject({ kind: 'api_key', id: body.id, role: 'operator' });
    const [row] = await sut.dataSource.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [body.id]);
    expect(row.last_used_at).toBeInstanceOf(Date);
  });

  it('limits a scoped key to its integrations', async () => {
    const [inScope, outOfScope] = integrationIds;
    const { body } = await createKey({ name: 'scoped', integrationIds: [inScope] }).expect(201);
    const asKey = (path: string) => sut.http().get(path).set('X-API-Key', body.key);

    const list = await asKey('/api/v1/integrations').expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([inScope]);
    await asKey(`/api/v1/integrations/${inScope}`).expect(200);
    const denied = await asKey(`/api/v1/integrations/${outOfScope}`).expect(403);
    expect(denied.body.error).toBe('forbidden');
  });

  it('refuses a scope naming an unknown integration', async () => {
    const response = await createKey({ name: 'bad', integrationIds: ['00000000-0000-4000-8000-000000000000'] }).expect(
      400,
    );

    expect(response.body.details[0].field).toBe('integrationIds');
  });

  it('enforces the key role', async () => {
    const { body } = await createKey({ name: 'read only', role: 'viewer' }).expect(201);

    await sut.http().get('/api/v1/integrations').set('X-API-Key', body.key).expect(200);
    const response = await sut
      .http()
      .post('/api/v1/api-keys')
      .set('X-API-Key', body.key)
      .send({ name: 'x' })
      .expect(403);
    expect(response.body.error).toBe('forbidden');
  });

  it('stops accepting a revoked or expired key', async () => {
    const revoked = (await createKey({ name: 'to revoke' }).expect(201)).body;
    const expired = (
      await createKey({ name: 'expired', expiresAt: new Date(Date.now() - 1000).toISOString() }).expect(201)
    ).body;

    await sut.http().delete(`/api/v1/api-keys/${revoked.id}`).auth(admin, { type: 'bearer' }).expect(204);

    await sut.http().get('/api/v1/auth/me').set('X-API-Key', revoked.key).expect(401);
    await sut.http().get('/api/v1/auth/me').set('X-API-Key', expired.key).expect(401);
    const events = await sut.dataSource.query(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY id`, [
      revoked.id,
    ]);
    expect(events.map((event: { action: string }) => event.action)).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('records state changes made with a key under the key', async () => {
    const { body } = await createKey({ name: 'automation', role: 'admin' }).expect(201);

    await sut
      .http()
      .patch(`/api/v1/integrations/${integrationIds[0]}`)
      .set('X-API-Key', body.key)
      .set('X-Request-Id', 'req-from-automation')
      .send({ status: 'paused' })
      .expect(200);

    const [event] = await sut.dataSource.query(
      `SELECT actor_kind, actor_id, actor_name, request_id, details FROM audit_events WHERE action = 'integration.updated' ORDER BY id DESC LIMIT 1`,
    );
    expect(event).toMatchObject({
      actor_kind: 'api_key',
      actor_id: body.id,
      actor_name: 'automation',
      request_id: 'req-from-automation',
      details: { changed: ['status'] },
    });
  });
});
