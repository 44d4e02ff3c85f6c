import { SESSION_COOKIE } from '@syncline/contracts';
import { createTestApp, TEST_ADMIN, type TestApp } from '../test/test-app';

describe('auth over HTTP', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '8' });
  });

  afterAll(() => sut.close());

  it('signs in the first admin with an httpOnly cookie and a bearer token', async () => {
    const response = await sut.http().post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);

    expect(response.body.user).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
    expect(response.body.token).toMatch(/^sls_/);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toContain(`${SESSION_COOKIE}=${response.body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(response.body.user).not.toHaveProperty('passwordHash');
  });

  it('accepts the session by cookie and by bearer token', async () => {
    const { body } = await sut.http().post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);

    const byCookie = await sut
      .http()
      .get('/api/v1/auth/me')
      .set('Cookie', `${SESSION_COOKIE}=${body.token}`)
      .expect(200);
    const byBearer = await sut.http().get('/api/v1/auth/me').auth(body.token, { type: 'bearer' }).expect(200);

    expect(byCookie.body).toMatchObject({ kind: 'user', role: 'admin', integrationIds: null });
    expect(byBearer.body.id).toBe(byCookie.body.id);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrongPassword = await sut
      .http()
      .post('/api/v1/auth/login')
      .send({ ...TEST_ADMIN, password: 'nope-nope-nope' });
    const unknownEmail = await sut.http().post('/api/v1/auth/login').send({ email: 'who@example.test', password: 'x' });

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toMatchObject({ error: 'unauthenticated', message: unknownEmail.body.message });
  });

  it('rejects a malformed sign-in with the field and the reason', async () => {
    const response = await sut.http().post('/api/v1/auth/login').send({ email: 'not-an-email', password: 3, extra: 1 });

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('validation_failed');
    const fields = (response.body.details as { field: string }[]).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'extra']));
  });

  it('ends the session on logout', async () => {
    const { body } = await sut.http().post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);

    await sut.http().post('/api/v1/auth/logout').auth(body.token, { type: 'bearer' }).expect(204);

    await sut.http().get('/api/v1/auth/me').auth(body.token, { type: 'bearer' }).expect(401);
    const events = await sut.dataSource.query(`SELECT action FROM audit_events WHERE actor_id = $1`, [body.user.id]);
    expect(events.map((event: { action: string }) => event.action)).toEqual(
      expect.arrayContaining(['auth.login', 'auth.logout']),
    );
  });

  it('refuses a disabled user and ends their sessions', async () => {
    const adminToken = await sut.tokenFor('admin');
    const viewerToken = await sut.tokenFor('viewer');
    const me = await sut.http().get('/api/v1/auth/me').auth(viewerToken, { type: 'bearer' }).expect(200);

    await sut
      .http()
      .patch(`/api/v1/users/${me.body.id}`)
      .auth(adminToken, { type: 'bearer' })
      .send({ disabled: true })
      .expect(200);

    await sut.http().get('/api/v1/auth/me').auth(viewerToken, { type: 'bearer' }).expect(401);
  });

  it('limits sign-in attempts per client', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await sut.http().post('/api/v1/auth/login').send({ email: 'x@example.test', password: 'guess' });
      statuses.push(response.status);
    }

    expect(statuses).toContain(429);
  });
});
