import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from './test/simulator-client';

describe('auth and rate limit', () => {
  let sut: TestSimulator;
  afterEach(() => sut.close());

  it('answers 401 JSON without a token, with a wrong one, and on the control endpoints too', async () => {
    sut = await startSimulator({ token: 'demo-token' });

    const none = await sut.call('/vehicle', { headers: { authorization: '' } });
    const wrong = await sut.call('/vehicle', { headers: { authorization: 'Bearer sim-token' } });
    const control = await sut.call('/_sim/stats', { headers: { authorization: 'Basic ZGVtbzp0b2tlbg==' } });
    const right = await sut.call('/vehicle');

    for (const answer of [none, wrong, control]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
    expect(right.status).toBe(200);
  });

  it('accepts each of several configured tokens', async () => {
    sut = await startSimulator({ token: ['first', 'second'] });

    const { status } = await sut.call('/lead', { headers: { authorization: 'Bearer second' } });

    expect(status).toBe(200);
  });

  it('answers 429 with Retry-After once the token bucket is empty, per token', async () => {
    sut = await startSimulator({ token: ['a', 'b'], rateLimitPerSecond: 0.5, rateLimitBurst: 5 });

    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await sut.call('/vehicle?limit=1')).status);
    const limited = await sut.call('/vehicle?limit=1');
    const otherToken = await sut.call('/vehicle?limit=1', { headers: { authorization: 'Bearer b' } });
    const control = await sut.call<{ rateLimited: number }>('/_sim/stats');

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(otherToken.status).toBe(200);
    expect(control.status).toBe(200);
    expect(control.body.rateLimited).toBe(2);
  });

  it('lets a client continue after waiting Retry-After', async () => {
    sut = await startSimulator({ rateLimitPerSecond: 20, rateLimitBurst: 1 });
    await sut.call('/vehicle?limit=1');
    const limited = await sut.call('/vehicle?limit=1');

    await new Promise((resolve) => setTimeout(resolve, Number(limited.headers.get('retry-after')) * 1000));
    const after = await sut.call('/vehicle?limit=1');

    expect(limited.status).toBe(429);
    expect(after.status).toBe(200);
  });

  it('never limits when the rate is 0', async () => {
    sut = await startSimulator({ rateLimitPerSecond: 0, rateLimitBurst: 1 });

    const statuses = await Promise.all(Array.from({ length: 20 }, () => sut.call('/campaign?limit=1')));

    expect(statuses.every((answer) => answer.status === 200)).toBe(true);
  });
});
