import type { AlertView } from '@syncline/contracts';
import type { SynclineClient } from '@syncline/sdk';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleErrors, openSignedIn, signIn } from './browser';
import { adminClient, reportedIntegration, reportSync, SETTLES } from './monitoring-api';

const baseUrl = inject('baseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const integration = reportedIntegration('alerts-e2e', ['vehicle']);

describe('alerts in the admin app', () => {
  let browser: Browser;
  let page: Page;
  let client: SynclineClient;
  let integrationId: string;
  let errors: string[];
  let alert: AlertView;

  beforeAll(async () => {
    client = await adminClient(baseUrl, admin.email, admin.password);
    integrationId = (await client.integrations.create(integration)).id;
    // A new integration gets its built-in rules (sync_failure among them) as it is created.
    await vi.waitFor(
      async () => expect((await client.alertRules.list({ integrationId })).length).toBeGreaterThan(0),
      SETTLES,
    );

    ({ browser, page } = await openSignedIn(baseUrl, admin.email, admin.password));
    errors = consoleErrors(page);
  });

  afterAll(async () => {
    // The other browser specs start from an empty dashboard.
    if (integrationId) await client.integrations.remove(integrationId);
    await browser?.close();
  });

  const banner = () => page.getByRole('alert').filter({ hasText: integration.key });
  const alertCard = () => page.getByRole('article').filter({ hasText: integration.key });

  it('shows the banner live when a reported sync fails, and the alert on the Alerts page', async () => {
    await expect(banner().count()).resolves.toBe(0);

    const failed = await reportSync(client, integrationId, 'vehicle', 'failed');

    await banner().waitFor();
    await expect(banner().textContent()).resolves.toMatch(/open error or critical alert/);
    alert = await vi.waitFor(async () => {
      const [open] = (await client.alerts.list({ integrationId, type: 'sync_failure' })).items;
      expect(open).toMatchObject({ status: 'firing', sessionId: failed.id });
      return open;
    }, SETTLES);

    await banner().getByRole('link', { name: 'View alerts' }).click();
    await page.waitForURL(/\/admin\/alerts$/);
    await alertCard().getByRole('heading', { name: alert.title }).waitFor();
    await expect(alertCard().getByText('Error', { exact: true }).isVisible()).resolves.toBe(true);
    const firstSeen = alertCard().locator('time').first();
    await expect(firstSeen.getAttribute('title')).resolves.toBeTruthy();
  });

  it('acknowledges and then resolves the alert with a note, as the API stores it', async () => {
    await alertCard()
      .getByRole('button', { name: /^Acknowledge/ })
      .click();
    await page
      .getByText(/\) acknowledged\./)
      .first()
      .waitFor();
    await alertCard().getByText('Acknowledged', { exact: true }).first().waitFor();
    await expect(client.alerts.get(alert.id)).resolves.toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { kind: 'user' },
    });

    await alertCard()
      .getByRole('button', { name: /^Resolve/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Resolve alert' });
    await dialog.getByLabel('Note').fill('Restarted the exporter');
    await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();

    await dialog.waitFor({ state: 'hidden' });
    await alertCard().waitFor({ state: 'detached' });
    await banner().waitFor({ state: 'detached' });
    await expect(client.alerts.get(alert.id)).resolves.toMatchObject({
      status: 'resolved',
      resolution: 'Restarted the exporter',
      resolvedBy: { kind: 'user' },
    });
  });

  it('lists the resolved alert in the history, filtered by status', async () => {
    await page.getByRole('navigation', { name: 'Alerts' }).getByRole('link', { name: 'History' }).click();
    await page.getByLabel('Status').selectOption('resolved');
    await page.getByRole('button', { name: 'Apply' }).click();

    await page.waitForURL(/status=resolved/);
    const row = page.getByRole('row').filter({ hasText: integration.key });
    await row.getByText('Restarted the exporter').waitFor();
  });

  it('creates a rule through the form, showing the API’s reason at the threshold it refused', async () => {
    await page.goto(`${baseUrl}/admin/alerts/rules`);
    await page.getByRole('button', { name: 'Create rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create alert rule' });
    await dialog.getByLabel('Name').fill('Error rate e2e');
    await dialog.getByLabel('Type', { exact: true }).selectOption('high_error_rate');
    await dialog.getByLabel('Integration').selectOption(integrationId);
    const percent = dialog.getByLabel('Error rate above (%)');
    await percent.fill('300');
    await dialog.getByRole('button', { name: 'Create rule' }).click();

    await dialog.getByText('must be a number from 0.1 to 100').waitFor();
    await expect(percent.getAttribute('aria-invalid')).resolves.toBe('true');

    await percent.fill('12.5');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: 'Error rate e2e' }).waitFor();
    const stored = (await client.alertRules.list({ integrationId })).find((rule) => rule.name === 'Error rate e2e');
    expect(stored).toMatchObject({ type: 'high_error_rate', integrationId, params: { percent: 12.5 }, builtIn: false });
  });

  it('creates an in-app channel and reports a test through it as sent', async () => {
    await page.goto(`${baseUrl}/admin/alerts/channels`);
    await page.getByRole('button', { name: 'Create channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create notification channel' });
    await dialog.getByLabel('Name').fill('Ops in app');
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row').filter({ hasText: 'Ops in app' });
    await row.getByRole('button', { name: 'Send test through Ops in app' }).click();

    await row.getByText('Sent', { exact: true }).waitFor();
    const channel = (await client.notificationChannels.list()).find((candidate) => candidate.name === 'Ops in app');
    const deliveries = await client.notificationChannels.deliveries(channel!.id);
    expect(deliveries.items[0]).toMatchObject({ kind: 'test', status: 'sent' });
  });

  it('shows a viewer the alerts without any button that changes them', async () => {
    const viewer = { email: 'alma-viewer@example.test', password: 'viewer-password-1' };
    await client.users.create({ name: 'Alma Viewer', role: 'viewer', ...viewer });
    const failed = await reportSync(client, integrationId, 'vehicle', 'failed');
    await vi.waitFor(
      async () => expect((await client.alerts.list({ integrationId })).items[0]?.sessionId).toBe(failed.id),
      SETTLES,
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewerPage = await context.newPage();
    viewerPage.setDefaultTimeout(15_000);
    try {
      await signIn(viewerPage, baseUrl, viewer.email, viewer.password);
      await viewerPage.goto(`${baseUrl}/admin/alerts`);
      await viewerPage.getByRole('article').filter({ hasText: integration.key }).first().waitFor();
      for (const name of [/^Acknowledge/, /^Resolve/, /^Suppress/]) {
        await expect(viewerPage.getByRole('button', { name }).count()).resolves.toBe(0);
      }
      await viewerPage.goto(`${baseUrl}/admin/alerts/channels`);
      await viewerPage.getByRole('row').filter({ hasText: 'Ops in app' }).waitFor();
      await expect(
        viewerPage.getByRole('button', { name: /Send test|Create channel|Delete|Edit/ }).count(),
      ).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it('fits the Alerts page into a 375 px wide screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${baseUrl}/admin/alerts`);
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it('logs no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
