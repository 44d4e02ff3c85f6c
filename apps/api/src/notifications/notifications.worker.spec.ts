import { createHmac, randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AlertView, CreatedNotificationChannel, NotificationChannelConfig } from '@syncline/contracts';
import { QueueEvents, type Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { redisOptionsFromUrl } from '../core/redis/redis-options';
import {
  startSmtpReceiver,
  startWebhookReceiver,
  type SmtpReceiver,
  type WebhookReceiver,
} from '../test/notification-receivers';
import { createTestApp, type TestApp } from '../test/test-app';
import { WorkerModule } from '../worker.module';
import { NotificationsService, testAlert } from './notifications.service';
import { NOTIFICATIONS_QUEUE } from './notifications.queue';

const APP_URL = 'https://syncline.example.test/admin';

/** A critical sync failure of dealer-stock vehicles, seen twice; a fresh id each time. */
function alertView(overrides: Partial<AlertView> = {}): AlertView {
  return {
    ...testAlert('unused'),
    type: 'sync_failure',
    severity: 'critical',
    fingerprint: 'rule:integration:vehicle',
    integrationKey: 'dealer-stock',
    entityType: 'vehicle',
    title: 'Sync of vehicle failed',
    message: 'The remote side answered 503 three times in a row.',
    details: { failures: 3, lastStatus: 503 },
    count: 2,
    ...overrides,
  };
}

describe('notification deliveries (API dispatches, worker sends)', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  let queue: Queue;
  let events: QueueEvents;
  let sut: NotificationsService;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    receiver = await startWebhookReceiver();
    app = await createTestApp({
      SMTP_URL: smtp.url,
      APP_URL,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFICATION_RETRY_DELAY_MS: '50',
      NOTIFICATION_ATTEMPTS: '3',
      NOTIFICATION_TIMEOUT_MS: '300',
    });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    queue = worker.get(getQueueToken(NOTIFICATIONS_QUEUE));
    events = new QueueEvents(NOTIFICATIONS_QUEUE, {
      connection: redisOptionsFromUrl(app.env.REDIS_URL),
      prefix: app.env.REDIS_PREFIX,
    });
    await events.waitUntilReady();
    sut = app.app.get(NotificationsService);
  });

  afterAll(async () => {
    await events?.close();
    await worker?.close();
    await app?.close();
    await smtp?.close();
    await receiver?.close();
  });

  const channel = async (name: string, config: NotificationChannelConfig, enabled = true) => {
    const { body } = await app
      .http()
      .post('/api/v1/notification-channels')
      .auth(await app.tokenFor('admin'), { type: 'bearer' })
      .send({ name, config, enabled })
      .expect(201);
    return body as CreatedNotificationChannel;
  };
  /** Waits until the worker is done with the delivery (sent, or failed for good) and reads its row. */
  const settled = async (deliveryId: string) => {
    const job = await queue.getJob(deliveryId);
    await job?.waitUntilFinished(events, 20_000).catch(() => undefined);
    const [row] = await app.dataSource.query(
      `SELECT status, attempts, last_error, sent_at, alert_id, alert_type, kind FROM notification_deliveries WHERE id = $1`,
      [deliveryId],
    );
    return row;
  };
  const requestsTo = (path: string) => receiver.requests.filter((request) => request.path === path);

  it('emails a fired alert over SMTP, with its facts in the text and escaped HTML', async () => {
    const email = await channel('On-call', { type: 'email', to: ['oncall@example.test', 'lead@example.test'] });
    const alert = alertView({ title: 'Stock <script>alert(1)</script> sync failed' });

    const [delivery] = await sut.dispatch(alert, 'fired', [email.id]);

    expect(delivery).toMatchObject({ channelId: email.id, alertId: alert.id, kind: 'fired', status: 'pending' });
    expect(await settled(delivery.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      last_error: null,
      sent_at: expect.any(Date),
    });
    const mail = smtp.mails.find((candidate) => candidate.to.includes('oncall@example.test'));
    expect(mail?.to).toEqual(['oncall@example.test', 'lead@example.test']);
    expect(mail?.subject).toBe('[CRITICAL] Stock <script>alert(1)</script> sync failed');
    for (const line of [
      'The remote side answered 503 three times in a row.',
      'Severity: critical',
      'Integration: dealer-stock',
      'Entity: vehicle',
      'Count: 2',
      `First seen: ${alert.firstSeenAt}`,
      `Last seen: ${alert.lastSeenAt}`,
      'failures: 3',
      'lastStatus: 503',
      `Open in Syncline: ${APP_URL}/alerts?id=${alert.id}`,
    ]) {
      expect(mail?.text).toContain(line);
    }
    expect(mail?.html).toContain('Stock &#60;script&#62;alert(1)&#60;/script&#62; sync failed');
    expect(mail?.html).not.toContain('<script>');
    expect(mail?.html).toContain(`<a href="${APP_URL}/alerts?id=${alert.id}">`);
  });

  it('signs webhooks both ways, keeps webhook-id across retries, and ends sent after 500, 500, 200', async () => {
    const hook = await channel('Retried hook', { type: 'webhook', url: `${receiver.url}/retried`, format: 'json' });
    receiver.answer([500, 500, 200]);
    const alert = alertView();

    const [delivery] = await sut.dispatch(alert, 'fired', [hook.id]);

    expect(await settled(delivery.id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    const requests = requestsTo('/retried');
    expect(requests).toHaveLength(3);
    const verifier = new Webhook(hook.secret!);
    const key = Buffer.from(hook.secret!.slice('whsec_'.length), 'base64');
    for (const { headers, body } of requests) {
      expect(headers['webhook-id']).toBe(delivery.id);
      expect(verifier.verify(body, headers)).toEqual({ type: 'alert.fired', alert });
      const timestamp = headers['webhook-timestamp'];
      const hex = createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
      expect(headers['x-syncline-signature']).toBe(`t=${timestamp},v1=${hex}`);
    }
    const tampered = { ...requests[0].headers, 'webhook-signature': 'v1,AAAA' };
    expect(() => verifier.verify(requests[0].body, tampered)).toThrow();
  });

  it.each([
    [410, 'Gone'],
    [302, 'a redirect, not followed'],
    [400, 'Bad Request'],
  ])('stops at once on %s (%s), recorded failed after one attempt', async (status) => {
    const hook = await channel(`Hook answering ${status}`, {
      type: 'webhook',
      url: `${receiver.url}/final-${status}`,
      format: 'json',
    });
    receiver.answer([status]);

    const [delivery] = await sut.dispatch(alertView(), 'escalated', [hook.id]);

    expect(await settled(delivery.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      kind: 'escalated',
      last_error: `127.0.0.1:${new URL(receiver.url).port} answered HTTP ${status}: receiver says hi`,
    });
    expect(requestsTo(`/final-${status}`)).toHaveLength(1);
  });

  it('gives up on a receiver that does not answer in time, after every attempt', async () => {
    const hook = await channel('Silent hook', { type: 'webhook', url: `${receiver.url}/silent`, format: 'json' });
    receiver.answer([0, 0, 0]);

    const [delivery] = await sut.dispatch(alertView(), 'fired', [hook.id]);

    expect(await settled(delivery.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: expect.stringMatching(/timed out after 300 ms$/),
    });
    expect(requestsTo('/silent')).toHaveLength(3);
  });

  it('sends Slack-compatible messages to a slack-format webhook', async () => {
    const hook = await channel('Slack', { type: 'webhook', url: `${receiver.url}/slack`, format: 'slack' });
    const alert = alertView({ title: 'Error rate <high> & rising' });

    const [delivery] = await sut.dispatch(alert, 'resolved', [hook.id]);

    expect(await settled(delivery.id)).toMatchObject({ status: 'sent' });
    const body = JSON.parse(requestsTo('/slack')[0].body);
    expect(body.text).toBe('[RESOLVED] Error rate <high> & rising: The remote side answered 503 three times in a row.');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '[RESOLVED] Error rate <high> & rising' },
    });
    expect(JSON.stringify(body.blocks)).toContain(`<${APP_URL}/alerts?id=${alert.id}|Open in Syncline>`);
  });

  it('emails at most one fired alert per type and hour; another type still goes out', async () => {
    const email = await channel('Rate limited', { type: 'email', to: ['limited@example.test'] });
    const mailsTo = () => smtp.mails.filter((mail) => mail.to.includes('limited@example.test'));

    const [first] = await sut.dispatch(alertView({ type: 'high_error_rate' }), 'fired', [email.id]);
    const [second] = await sut.dispatch(alertView({ type: 'high_error_rate' }), 'fired', [email.id]);
    const [other] = await sut.dispatch(alertView({ type: 'conflict_spike' }), 'fired', [email.id]);
    const [resolved] = await sut.dispatch(alertView({ type: 'high_error_rate' }), 'resolved', [email.id]);

    expect(second).toMatchObject({ status: 'rate_limited', attempts: 0 });
    expect(await settled(second.id)).toMatchObject({ status: 'rate_limited', alert_type: 'high_error_rate' });
    for (const delivery of [first, other, resolved])
      expect(await settled(delivery.id)).toMatchObject({ status: 'sent' });
    expect(mailsTo()).toHaveLength(3);
    expect(await queue.getJob(second.id)).toBeUndefined();
  });

  it('records in-app and live deliveries sent at once and skips disabled and unknown channels', async () => {
    const inApp = await channel('In app', { type: 'in_app' });
    const live = await channel('Live', { type: 'live' });
    const disabled = await channel(
      'Disabled hook',
      { type: 'webhook', url: `${receiver.url}/off`, format: 'json' },
      false,
    );

    const deliveries = await sut.dispatch(alertView(), 'fired', [inApp.id, live.id, disabled.id, randomUUID()]);

    expect(deliveries.map((delivery) => [delivery.channelId, delivery.status, delivery.attempts]).sort()).toEqual(
      [
        [inApp.id, 'sent', 1],
        [live.id, 'sent', 1],
      ].sort(),
    );
    expect(deliveries.every((delivery) => delivery.sentAt !== null)).toBe(true);
    expect(requestsTo('/off')).toEqual([]);
  });

  it('sends a notification once however often it is dispatched', async () => {
    const hook = await channel('Once', { type: 'webhook', url: `${receiver.url}/once`, format: 'json' });
    const alert = alertView();

    const [first] = await sut.dispatch(alert, 'fired', [hook.id, hook.id]);
    await settled(first.id);
    const again = await sut.dispatch(alert, 'fired', [hook.id]);
    const escalated = await sut.dispatch({ ...alert, escalatedAt: new Date().toISOString() }, 'escalated', [hook.id]);
    await settled(escalated[0].id);

    expect(again).toEqual([{ ...first, status: 'sent', attempts: 1, sentAt: expect.any(String) }]);
    expect(escalated[0].id).not.toBe(first.id);
    const [{ count }] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM notification_deliveries WHERE alert_id = $1`,
      [alert.id],
    );
    expect(count).toBe(2);
    expect(requestsTo('/once').map((request) => request.headers['webhook-id'])).toEqual([first.id, escalated[0].id]);
  });

  it('queues again a pending delivery that Redis never got', async () => {
    const hook = await channel('Lost', { type: 'webhook', url: `${receiver.url}/lost`, format: 'json' });
    const id = randomUUID();
    await app.dataSource.query(
      `INSERT INTO notification_deliveries (id, channel_id, alert_id, alert_type, kind, status, payload)
       VALUES ($1, $2, $3, 'sync_failure', 'fired', 'pending', $4)`,
      [id, hook.id, randomUUID(), alertView()],
    );

    const requeued = await worker.get(NotificationsService).requeueLost();

    expect(requeued).toBe(1);
    expect(await settled(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(requestsTo('/lost').map((request) => request.headers['webhook-id'])).toEqual([id]);
  });
});
