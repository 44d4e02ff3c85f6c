import { createTestApp, TEST_ADMIN, type TestApp } from '../test/test-app';

describe('users over HTTP', () => {
  let sut: TestApp;
  let admin: string;

  beforeAll(async () => {
    sut = await createTestApp();
    admin = await sut.tokenFor('admin');
  });

  afterAll(() => sut.close());

  const asAdmin = () => ({
    get: (path: string) => sut.http().get(path).auth(admin, { type: 'bearer' }),
    post: (path: string, body: object) => sut.http().post(path).auth(admin, { type: 'bearer' }).send(body),
    patch: (path: string, body: object) => sut.http().patch(path).auth(admin, { type: 'bearer' }).send(body),
    delete: (path: string) => sut.http().delete(path).auth(admin, { type: 'bearer' }),
  });

  it('created the first admin from the environment, once', async () => {
    const { body } = await asAdmin().get('/api/v1/users').expect(200);

    expect(body).toEqual([expect.objectContaining({ email: TEST_ADMIN.email, role: 'admin' })]);
    const [user] = await sut.dataSource.query(`SELECT password_hash FROM users WHERE email = $1`, [TEST_ADMIN.email]);
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('creates a user who can sign in with a case-insensitive email', async () => {
    await asAdmin()
      .post('/api/v1/users', {
        email: 'Olivia@Example.test',
        name: 'Olivia',
        role: 'operator',
        password: 'olivia-long-password',
      })
      .expect(201);

    const login = await sut
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'OLIVIA@example.test', password: 'olivia-long-password' })
      .expect(200);

    expect(login.body.user).toMatchObject({ email: 'olivia@example.test', role: 'operator' });
  });

  it('refuses a duplicate email and a short password', async () => {
    const duplicate = await asAdmin()
      .post('/api/v1/users', {
        email: TEST_ADMIN.email,
        name: 'Again',
        role: 'viewer',
        password: 'long-enough-password',
      })
      .expect(409);
    const short = await asAdmin()
      .post('/api/v1/users', { email: 'new@example.test', name: 'New', role: 'viewer', password: 'short' })
      .expect(400);

    expect(duplicate.body.details).toEqual([{ field: 'email', reason: 'is already taken' }]);
    expect(short.body.details[0].field).toBe('password');
  });

  it('keeps at least one active admin', async () => {
    const me = await sut.http().get('/api/v1/auth/me').auth(admin, { type: 'bearer' }).expect(200);

    const demote = await asAdmin().patch(`/api/v1/users/${me.body.id}`, { role: 'viewer' }).expect(409);
    const remove = await asAdmin().delete(`/api/v1/users/${me.body.id}`).expect(409);

    expect(demote.body.error).toBe('conflict');
    expect(remove.body.error).toBe('conflict');
  });

  it('changes a role, deletes a user and audits both', async () => {
    const { body: user } = await asAdmin()
      .post('/api/v1/users', {
        email: 'temp@example.test',
        name: 'Temp',
        role: 'viewer',
        password: 'temporary-password',
      })
      .expect(201);

    await asAdmin().patch(`/api/v1/users/${user.id}`, { role: 'admin', password: 'another-long-password' }).expect(200);
    await asAdmin().delete(`/api/v1/users/${user.id}`).expect(204);

    const events = await sut.dataSource.query(
      `SELECT action, details FROM audit_events WHERE target_id = $1 ORDER BY id`,
      [user.id],
    );
    expect(events).toEqual([
      { action: 'user.created', details: { email: 'temp@example.test', role: 'viewer' } },
      { action: 'user.updated', details: { role: 'admin', passwordChanged: true } },
      { action: 'user.deleted', details: { email: 'temp@example.test' } },
    ]);
    expect(JSON.stringify(events)).not.toContain('another-long-password');
  });
});
