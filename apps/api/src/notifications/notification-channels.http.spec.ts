import type { CreatedNotificationChannel, NotificationDeliveryView } from '@syncline/contracts';
import { createTestApp, type TestApp } from '../test/test-app';
import {
  startSmtpReceiver,
  startWebhookReceiver,
  type SmtpReceiver,
  type WebhookReceiver,
} from '../test/notification-receivers';

/** A public address: accepted without a DNS lookup (nothing is sent to it in these tests). */
const PUBLIC_HOOK = 'https://93.184.216.34/hooks/syncline';

describe('notification channels over HTTP', () => {
  let sut: TestApp;
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  let admin: string;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    receiver = await startWebhookReceiver();
    sut = await createTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Syncline <alerts@example.test>' });
    admin = await sut.tokenFor('admin');
  });

  afterAll(async () => {
    await sut?.close();
    await smtp?.close();
    await receiver?.close();
  });

  const create = (body: object, token = admin) =>
    sut.http().post('/api/v1/notification-channels').auth(token, { type: 'bearer' }).send(body);
  const createChannel = async (body: object): Promise<CreatedNotificationChannel> =>
    (await create(body).expect(201)).body;
  const get = (path: string, token = admin) =>
    sut.http().get(`/api/v1/notification-channels${path}`).auth(token, { type: 'bearer' });
  const post = (path: string, token = admin) =>
    sut.http().post(`/api/v1/notification-channels${path}`).auth(token, { type: 'bearer' });
  const auditOf = async (id: string) =>
    sut.dataSource.query(`SELECT action, details FROM audit_events WHERE target_id = $1 ORDER BY id`, [id]);

  it('creates an email channel, with no secret to show', async () => {
    const body = await createChannel({ name: 'On-call email', config: { type: 'email', to: ['ops@example.test'] } });

    expect(body).toMatchObject({
      name: 'On-call email',
      type: 'email',
      config: { type: 'email', to: ['ops@example.test'] },
      enabled: true,
      hasSecret: false,
      secret: null,
    });
    const list = await get('').expect(200);
    expect(list.body.map((channel: { id: string }) => channel.id)).toContain(body.id);
  });

  it('shows a webhook signing secret once: not listed, read back, stored in clear or audited', async () => {
    const created = await createChannel({
      name: 'Hook',
      config: { type: 'webhook', url: PUBLIC_HOOK, format: 'json' },
    });

    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.hasSecret).toBe(true);
    const rotated = (await post(`/${created.id}/rotate-secret`).expect(200)).body as CreatedNotificationChannel;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);

    const list = JSON.stringify((await get('').expect(200)).body);
    const one = (await get(`/${created.id}`).expect(200)).body;
    expect(one).toMatchObject({ hasSecret: true });
    expect(one).not.toHaveProperty('secret');
    const [row] = await sut.dataSource.query(
      `SELECT c::text AS everything FROM notification_channels c WHERE id = $1`,
      [created.id],
    );
    const audit = await auditOf(created.id);
    expect(audit.map((event: { action: string }) => event.action)).toEqual([
      'notification_channel.created',
      'notification_channel.secret_rotated',
    ]);
    for (const secret of [created.secret!, rotated.secret!]) {
      const key = secret.slice('whsec_'.length);
      for (const seen of [list, JSON.stringify(one), row.everything, JSON.stringify(audit)]) {
        expect(seen).not.toContain(key);
        expect(seen).not.toContain(Buffer.from(key, 'base64').toString('hex'));
      }
    }
  });

  it.each([
    ['http://127.0.0.1:8080/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://localhost/hook', /localhost resolves to .*, a loopback address/],
    ['http://10.0.0.7/hook', /private address/],
    ['http://169.254.169.254/latest/meta-data', /link-local address/],
    ['http://100.64.1.1/', /CGNAT address/],
    ['http://[fd00::1]/', /unique-local address/],
    ['http://[::ffff:127.0.0.1]/', /IPv4-mapped address/],
  ])('refuses a webhook to %s at create and update, naming config.url', async (url, reason) => {
    const refused = await create({ name: `hook ${url}`, config: { type: 'webhook', url, format: 'json' } }).expect(400);

    expect(refused.body.details).toEqual([{ field: 'config.url', reason: expect.stringMatching(reason) }]);
    const channel = await createChannel({
      name: `public ${url}`,
      config: { type: 'webhook', url: PUBLIC_HOOK, format: 'slack' },
    });
    const update = await sut
      .http()
      .patch(`/api/v1/notification-channels/${channel.id}`)
      .auth(admin, { type: 'bearer' })
      .send({ config: { type: 'webhook', url, format: 'slack' } })
      .expect(400);
    expect(update.body.details[0]).toMatchObject({ field: 'config.url' });
  });

  it.each([
    ['no recipients', 'config.to', /at least 1/, { type: 'email', to: [] }],
    [
      '21 recipients',
      'config.to',
      /no more than 20/,
      { type: 'email', to: Array.from({ length: 21 }, (_, i) => `p${i}@example.test`) },
    ],
    ['a recipient that is no address', 'config.to', /email address/, { type: 'email', to: ['not an address'] }],
    ['an ftp webhook', 'config.url', /URL/, { type: 'webhook', url: 'ftp://example.com/x', format: 'json' }],
    ['an unknown format', 'config.format', /json, slack/, { type: 'webhook', url: PUBLIC_HOOK, format: 'xml' }],
    ['an unknown channel type', 'config.type', /must be one of/, { type: 'pager' }],
    ['an unknown config property', 'config.secret', /should not exist/, { type: 'in_app', secret: 'x' }],
    ['a config that is no object', 'config', /object/, 'email'],
    ['a missing config', 'config', /object/, undefined],
  ])('refuses %s with a 400 naming %s', async (_label, field, reason, config) => {
    const response = await create({ name: 'x', config }).expect(400);

    expect(response.body.error).toBe('validation_failed');
    expect(response.body.details).toContainEqual({ field, reason: expect.stringMatching(reason) });
  });

  it('refuses a channel without a name', async () => {
    const response = await create({ config: { type: 'live' } }).expect(400);

    expect(response.body.details).toContainEqual({ field: 'name', reason: 'must be a string' });
  });

  it('refuses a second channel of the same name, and changing a channel type', async () => {
    const channel = await createChannel({ name: 'Unique', config: { type: 'in_app' } });

    const duplicate = await create({ name: 'Unique', config: { type: 'live' } }).expect(409);
    expect(duplicate.body.details).toEqual([{ field: 'name', reason: 'is already taken' }]);
    const retype = await sut
      .http()
      .patch(`/api/v1/notification-channels/${channel.id}`)
      .auth(admin, { type: 'bearer' })
      .send({ config: { type: 'live' } })
      .expect(400);
    expect(retype.body.details).toEqual([{ field: 'config.type', reason: expect.stringMatching(/cannot change/) }]);
    const rotate = await post(`/${channel.id}/rotate-secret`).expect(409);
    expect(rotate.body.details[0]).toMatchObject({ field: 'type' });
  });

  it('updates a channel and audits what changed', async () => {
    const channel = await createChannel({ name: 'Mutable', config: { type: 'email', to: ['a@example.test'] } });

    const { body } = await sut
      .http()
      .patch(`/api/v1/notification-channels/${channel.id}`)
      .auth(admin, { type: 'bearer' })
      .send({ enabled: false, config: { type: 'email', to: ['b@example.test'] } })
      .expect(200);

    expect(body).toMatchObject({ enabled: false, config: { type: 'email', to: ['b@example.test'] } });
    const [, updated] = await auditOf(channel.id);
    expect(updated).toMatchObject({
      action: 'notification_channel.updated',
      details: { name: 'Mutable', changed: ['enabled', 'config'] },
    });
  });

  it('lets viewers read, operators test, and only admins change channels', async () => {
    const channel = await createChannel({ name: 'Roles', config: { type: 'in_app' } });
    const viewer = await sut.tokenFor('viewer');
    const operator = await sut.tokenFor('operator');

    await get('', viewer).expect(200);
    await get(`/${channel.id}/deliveries`, viewer).expect(200);
    const hook = await createChannel({
      name: 'Roles hook',
      config: { type: 'webhook', url: PUBLIC_HOOK, format: 'json' },
    });
    const seenByViewer = await get(`/${hook.id}`, viewer).expect(200);
    const listedToOperator = await get('', operator).expect(200);
    expect(seenByViewer.body.config).toEqual({
      type: 'webhook',
      url: `${new URL(PUBLIC_HOOK).origin}/…`,
      format: 'json',
    });
    expect(JSON.stringify(listedToOperator.body)).not.toContain(PUBLIC_HOOK);
    expect((await get(`/${hook.id}`).expect(200)).body.config.url).toBe(PUBLIC_HOOK);
    const refused = await create({ name: 'by viewer', config: { type: 'in_app' } }, viewer).expect(403);
    expect(refused.body.error).toBe('forbidden');
    await post(`/${channel.id}/test`, viewer).expect(403);
    await create({ name: 'by operator', config: { type: 'in_app' } }, operator).expect(403);
    await post(`/${channel.id}/rotate-secret`, operator).expect(403);
    const tested = await post(`/${channel.id}/test`, operator).expect(200);
    expect(tested.body).toMatchObject({ status: 'sent', kind: 'test', attempts: 1 });
  });

  it('a test email reports sent once the SMTP server took it', async () => {
    const channel = await createChannel({
      name: 'Test email',
      config: { type: 'email', to: ['test-me@example.test'] },
    });

    const { body } = await post(`/${channel.id}/test`).expect(200);

    expect(body).toMatchObject({ channelId: channel.id, kind: 'test', status: 'sent', attempts: 1, lastError: null });
    const mail = smtp.mails.find((candidate) => candidate.to.includes('test-me@example.test'));
    expect(mail?.subject).toBe('[TEST] Test notification for Test email');
    expect(mail?.text).toContain('Syncline can reach this channel.');
  });

  it('a test email reports failed with the server refusal', async () => {
    const channel = await createChannel({
      name: 'Refused email',
      config: { type: 'email', to: ['nobody@refused.test'] },
    });

    const { body } = await post(`/${channel.id}/test`).expect(200);

    expect(body).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/550/) });
    const [row] = await sut.dataSource.query(
      `SELECT status, attempts, last_error FROM notification_deliveries WHERE id = $1`,
      [body.id],
    );
    expect(row).toEqual({ status: 'failed', attempts: 1, last_error: body.lastError });
  });

  it('refuses at send time a webhook whose host now resolves to loopback', async () => {
    const channel = await createChannel({
      name: 'Re-pointed',
      config: { type: 'webhook', url: PUBLIC_HOOK, format: 'json' },
    });
    // As if the name had pointed somewhere public when the channel was created and was re-pointed since.
    const port = new URL(receiver.url).port;
    await sut.dataSource.query(`UPDATE notification_channels SET config = $2 WHERE id = $1`, [
      channel.id,
      { type: 'webhook', url: `http://localhost:${port}/internal`, format: 'json' },
    ]);

    const { body } = await post(`/${channel.id}/test`).expect(200);

    expect(body).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/^localhost resolves to .*, a loopback address/),
    });
    expect(receiver.requests).toEqual([]);
  });

  it('lists a channel deliveries newest first, a page at a time', async () => {
    const channel = await createChannel({ name: 'Paged', config: { type: 'live' } });
    const sent: NotificationDeliveryView[] = [];
    for (let i = 0; i < 3; i++) sent.push((await post(`/${channel.id}/test`).expect(200)).body);

    const first = await get(`/${channel.id}/deliveries?limit=2`).expect(200);
    const second = await get(`/${channel.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`).expect(200);

    const ids = [...first.body.items, ...second.body.items].map((delivery: NotificationDeliveryView) => delivery.id);
    expect(ids).toEqual(sent.map((delivery) => delivery.id).reverse());
    expect(second.body.nextCursor).toBeNull();
    const bad = await get(`/${channel.id}/deliveries?cursor=nonsense`).expect(400);
    expect(bad.body.details[0].field).toBe('cursor');
    await get('/00000000-0000-4000-8000-000000000000/deliveries').expect(404);
  });

  it('deletes a channel with its deliveries, and audits it', async () => {
    const channel = await createChannel({ name: 'Doomed', config: { type: 'in_app' } });
    await post(`/${channel.id}/test`).expect(200);

    await sut.http().delete(`/api/v1/notification-channels/${channel.id}`).auth(admin, { type: 'bearer' }).expect(204);

    await get(`/${channel.id}`).expect(404);
    const [{ count }] = await sut.dataSource.query(
      `SELECT count(*)::int AS count FROM notification_deliveries WHERE channel_id = $1`,
      [channel.id],
    );
    expect(count).toBe(0);
    const audit = await auditOf(channel.id);
    expect(audit.map((event: { action: string }) => event.action)).toEqual([
      'notification_channel.created',
      'notification_channel.deleted',
    ]);
  });
});
