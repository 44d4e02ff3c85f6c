import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SessionReporter, SynclineApiError, SynclineClient } from '@syncline/sdk';
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

  describe('reporting a sync with SessionReporter', () => {
    let integrationId: string;
    let apiKey: string;

    beforeAll(async () => {
      const { token } = await new SynclineClient({ baseUrl }).auth.login(TEST_ADMIN);
      const admin = new SynclineClient({ baseUrl, token });
      integrationId = (
        await admin.integrations.create({
          key: 'sdk-sheet',
          name: 'Sheet',
          provider: 'spreadsheet',
          local: { type: 'csv', path: '/data/a.csv', keyColumn: 'id' },
          remote: { type: 'csv', path: '/data/b.csv', keyColumn: 'id' },
          entityTypes: ['seller', 'vehicle'],
        })
      ).id;
      apiKey = (await admin.apiKeys.create({ name: 'sheet importer' })).key;
    });

    it('sends buffered records in batches and finishes as partial when records failed', async () => {
      const client = new SynclineClient({ baseUrl, token: apiKey });
      const run = await SessionReporter.start(
        client,
        { integrationId, entityType: 'seller', direction: 'inbound', total: 2500 },
        { batchSize: 1000 },
      );

      for (let i = 0; i < 2500; i++)
        await run.record({ localKey: `S-${i}`, action: i % 500 === 0 ? 'fail' : 'create' });
      await run.error({ category: 'validation', message: 'bad seller number', recordKey: 'S-0' });
      await run.progress({ stage: 'apply', counters: { processed: 2500, created: 2495, failed: 5 } });
      const done = await run.finish();

      expect(done.status).toBe('partial');
      const [{ count }] = await sut.dataSource.query(
        `SELECT count(*)::int AS count FROM sync_record_logs WHERE session_id = $1`,
        [run.id],
      );
      expect(count).toBe(2500);
      expect((await client.sessions.get(run.id)).errorsByCategory).toEqual({ validation: 1 });
    });

    it('resumes the same session when started again with the same external reference', async () => {
      const client = new SynclineClient({ baseUrl, token: apiKey });
      const request = { integrationId, entityType: 'seller', direction: 'inbound' as const, externalRef: 'run-42' };

      const first = await SessionReporter.start(client, request);
      const again = await SessionReporter.start(client, request);

      expect(again.id).toBe(first.id);
    });

    it('runs the README example against the started API', async () => {
      const example = join(__dirname, '../../../../libs/sdk/examples/report-a-sync.mjs');
      const env = {
        ...process.env,
        SYNCLINE_URL: baseUrl,
        SYNCLINE_API_KEY: apiKey,
        SYNCLINE_INTEGRATION_ID: integrationId,
      };

      const { stdout } = await promisify(execFile)('node', [example], { env });

      expect(stdout).toMatch(/^Session [0-9a-f-]{36}: partial, 250 records, 3 failed$/m);
    });

    it('retries a start through 503s and dropped connections without creating two sessions', async () => {
      let calls = 0;
      const flaky: typeof fetch = async (input, init) => {
        calls++;
        if (calls === 1) throw new TypeError('fetch failed');
        if (calls === 2) return new Response('{}', { status: 503 });
        if (calls === 3) {
          await fetch(input, init);
          return new Response('{}', { status: 502 });
        }
        return fetch(input, init);
      };
      const client = new SynclineClient({ baseUrl, token: apiKey, fetch: flaky, retryDelayMs: 1 });

      const session = await client.sessions.create({ integrationId, entityType: 'seller', direction: 'outbound' });

      expect(calls).toBe(4);
      const rows = await sut.dataSource.query(`SELECT id FROM sync_sessions WHERE direction = 'outbound'`);
      expect(rows).toEqual([{ id: session.id }]);
    });
  });
});
