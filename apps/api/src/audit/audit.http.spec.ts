import { createTestApp, type TestApp } from '../test/test-app';

describe('audit trail over HTTP', () => {
  let sut: TestApp;
  let admin: string;

  beforeAll(async () => {
    sut = await createTestApp();
    admin = await sut.tokenFor('admin');
    for (const name of ['one', 'two', 'three']) {
      await sut.http().post('/api/v1/api-keys').auth(admin, { type: 'bearer' }).send({ name }).expect(201);
    }
  });

  afterAll(() => sut.close());

  const list = (query: object) => sut.http().get('/api/v1/audit').query(query).auth(admin, { type: 'bearer' });

  it('lists events newest first, filtered by action family, across pages', async () => {
    const first = await list({ action: 'api_key', limit: 2 }).expect(200);
    const second = await list({ action: 'api_key', limit: 2, cursor: first.body.nextCursor }).expect(200);

    const names = [...first.body.items, ...second.body.items].map(
      (event: { details: { name: string } }) => event.details.name,
    );
    expect(names).toEqual(['three', 'two', 'one']);
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.items[0]).toMatchObject({ actorKind: 'user', actorName: 'Administrator', targetType: 'api_key' });
  });

  it('filters by time and rejects a forged cursor', async () => {
    const future = await list({ from: new Date(Date.now() + 60_000).toISOString() }).expect(200);
    const forged = await list({ cursor: 'not-a-cursor' }).expect(400);

    expect(future.body.items).toEqual([]);
    expect(forged.body.details).toEqual([{ field: 'cursor', reason: 'is not a cursor returned by this list' }]);
  });

  it('cannot be rewritten', async () => {
    await expect(sut.dataSource.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(/immutable/);
  });
});
