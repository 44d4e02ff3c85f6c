import { createTestApp, type TestApp } from '../test/test-app';

describe('health, metrics and API docs', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(() => sut.close());

  it('reports PostgreSQL and Redis up without credentials', async () => {
    const { body } = await sut.http().get('/api/v1/health').expect(200);

    expect(body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves Prometheus text with the process metrics', async () => {
    const response = await sut.http().get('/metrics').expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(response.text).toMatch(/^# HELP process_cpu_user_seconds_total/m);
    expect(response.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('serves the OpenAPI UI and document with the shared error shape', async () => {
    const ui = await sut.http().get('/api/docs/').expect(200);
    const { body } = await sut.http().get('/api/docs-json').expect(200);

    expect(ui.text).toContain('swagger-ui');
    expect(body.components.schemas).toHaveProperty('ApiError');
    expect(body.components.schemas).toHaveProperty('CreateIntegrationDto');
    expect(body.paths['/api/v1/integrations'].post.responses['400'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ApiError',
    });
  });

  it('answers unknown routes with a JSON 404 and sends a request id', async () => {
    const response = await sut.http().get('/api/v1/nowhere').set('X-Request-Id', 'trace-me').expect(404);

    expect(response.body).toMatchObject({ statusCode: 404, error: 'not_found', details: [] });
    expect(response.headers['x-request-id']).toBe('trace-me');
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('sets security headers', async () => {
    const response = await sut.http().get('/api/v1/health');

    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('health with Redis down', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
  });

  afterAll(() => sut.close());

  it('answers 503 naming Redis while the API keeps serving', async () => {
    const { body } = await sut.http().get('/api/v1/health').expect(503);

    expect(body.status).toBe('error');
    expect(body.error).toHaveProperty('redis');
    expect(body.error).not.toHaveProperty('database');
    await sut
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'admin@example.test', password: 'correct-horse-battery' })
      .expect(200);
  });
});
