import { DEFAULT_SYNC_SETTINGS } from '@syncline/contracts';
import { RetentionService } from '../sessions/retention.service';
import { createTestApp, type TestApp } from '../test/test-app';
import { SettingsService } from './settings.service';

describe('global configuration over HTTP (GET/PUT /config)', () => {
  let sut: TestApp;
  let admin: string;

  beforeAll(async () => {
    sut = await createTestApp({ RETENTION_DAYS: '45' });
    admin = await sut.tokenFor('admin');
  });

  afterAll(() => sut.close());

  const get = (token: string) => sut.http().get('/api/v1/config').auth(token, { type: 'bearer' });
  const put = (token: string, body: object) =>
    sut.http().put('/api/v1/config').auth(token, { type: 'bearer' }).send(body);

  it('answers the sync settings and the retention from RETENTION_DAYS until an admin sets it', async () => {
    const { body } = await get(await sut.tokenFor('viewer')).expect(200);

    expect(body).toEqual({ sync: DEFAULT_SYNC_SETTINGS, retention: { days: 45 } });
  });

  it('refuses a retention outside 1–3650 days at its field, and changes from anyone but an admin', async () => {
    const { body: tooShort } = await put(admin, { retention: { days: 0 } }).expect(400);
    const { body: notWhole } = await put(admin, { retention: { days: 7.5 } }).expect(400);
    await put(await sut.tokenFor('operator'), { retention: { days: 30 } }).expect(403);

    expect(tooShort.details).toEqual([{ field: 'retention.days', reason: 'must not be less than 1' }]);
    expect(notWhole.details).toEqual([{ field: 'retention.days', reason: 'must be an integer number' }]);
    expect(sut.app.get(SettingsService).retention()).toEqual({ days: 45 });
  });

  it('stores a retention change alone, leaving the sync settings as they are, audited', async () => {
    const { body } = await put(admin, { retention: { days: 30 } }).expect(200);
    const { body: reread } = await get(admin).expect(200);
    const { body: audit } = await sut.http().get('/api/v1/audit?action=config').auth(admin, { type: 'bearer' });

    expect(body).toEqual({ sync: DEFAULT_SYNC_SETTINGS, retention: { days: 30 } });
    expect(reread).toEqual(body);
    expect(audit.items[0]).toMatchObject({ action: 'config.updated', details: { changed: ['retention.days'] } });
  });

  it('drops errors older than the retention set here, not RETENTION_DAYS', async () => {
    await put(admin, { retention: { days: 30 } }).expect(200);
    const integrationId = await sut.csvIntegration('retained', ['lead']);
    const [session] = await sut.dataSource.query(
      `INSERT INTO sync_sessions (integration_id, entity_type, direction, trigger, status, triggered_by_kind, triggered_by_name)
       VALUES ($1, 'lead', 'inbound', 'api', 'completed', 'system', 'test') RETURNING id`,
      [integrationId],
    );
    for (const [message, daysAgo] of [
      ['older than 30 days', 40],
      ['within 30 days', 10],
    ] as const) {
      await sut.dataSource.query(
        `INSERT INTO sync_errors (session_id, integration_id, category, severity, message, retryable, retry_count, created_at)
         VALUES ($1, $2, 'network', 'error', $3, true, 0, now() - make_interval(days => $4))`,
        [session.id, integrationId, message, daysAgo],
      );
    }

    const result = await sut.app.get(RetentionService).apply();

    expect(result.deletedErrors).toBe(1);
    const left = await sut.dataSource.query(`SELECT message FROM sync_errors`);
    expect(left).toEqual([{ message: 'within 30 days' }]);
  });
});
