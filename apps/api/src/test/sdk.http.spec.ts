import type { AddressInfo } from 'node:net';
import { SynclineApiError, SynclineClient } from '@syncline/sdk';
import { createTestApp, TEST_ADMIN, type TestApp } from './test-app';

describe('the TypeScript SDK against the real API', () => {
  let sut: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => sut.close());

  it('signs in, creates an API key and acts with it', async () => {
    const anonymous = new SynclineClient({ baseUrl });
    const { token } = await anonymous.auth.login(TEST_ADMIN);
    const admin = new SynclineClient({ baseUrl, token });

    const created = await admin.apiKeys.create({ name: 'sdk' });
    const integration = new SynclineClient({ baseUrl, token: created.key });

    expect(await integration.auth.me()).toMatchObject({ kind: 'api_key', name: 'sdk' });
    expect((await integration.integrations.list()).items).toEqual([]);
    expect((await anonymous.health()).status).toBe('ok');
  });

  it('throws SynclineApiError with the reason for each field', async () => {
    const { token } = await new SynclineClient({ baseUrl }).auth.login(TEST_ADMIN);
    const admin = new SynclineClient({ baseUrl, token });

    const error = await admin.users
      .create({ email: 'bad', name: '', role: 'viewer', password: 'x' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SynclineApiError);
    expect((error as SynclineApiError).status).toBe(400);
    expect((error as SynclineApiError).reasonFor('email')).toBe('must be an email');
    await expect(new SynclineClient({ baseUrl }).auth.me()).rejects.toMatchObject({ status: 401 });
  });
});
