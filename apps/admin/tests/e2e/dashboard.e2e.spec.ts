import type { SynclineClient } from '@syncline/sdk';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleErrors, openSignedIn } from './browser';
import { adminClient, reportedIntegration, reportSync, SETTLES } from './monitoring-api';

const baseUrl = inject('baseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const integration = reportedIntegration('dashboard-e2e', ['vehicle', 'lead']);

describe('the dashboard and the metrics', () => {
  let browser: Browser;
  let page: Page;
  let client: SynclineClient;
  let integrationId: string;
  let errors: string[];

  beforeAll(async () => {
    client = await adminClient(baseUrl, admin.email, admin.password);
    integrationId = (await client.integrations.create(integration)).id;

    ({ browser, page } = await openSignedIn(baseUrl, admin.email, admin.password));
    errors = consoleErrors(page);
  });

  afterAll(async () => {
    // Deleting the integration deletes its sessions: the other specs start from an empty dashboard.
    if (integrationId) await client.integrations.remove(integrationId);
    await browser?.close();
  });

  const entityCard = (entityType: string) =>
    page.getByRole('list', { name: `Entity types of ${integration.name}` }).getByRole('article', { name: entityType });

  it('shows a status card per entity type, following live events', async () => {
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    await entityCard('vehicle').waitFor();
    await entityCard('lead').waitFor();
    await expect(entityCard('vehicle').getByText('Never').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('list', { name: 'Overview' }).getByText('Success rate').isVisible()).resolves.toBe(
      true,
    );
    await expect(
      page.getByRole('link', { name: /^View history of Reported dashboard-e2e vehicle/ }).count(),
    ).resolves.toBe(1);
  });

  it('updates the card without a reload when a sync finishes', async () => {
    await reportSync(client, integrationId, 'vehicle', 'completed', 42);

    await entityCard('vehicle').getByText('42 processed').waitFor();
    await expect(entityCard('vehicle').getByText('Completed', { exact: true }).isVisible()).resolves.toBe(true);
  });

  it('charts the reported syncs on the Metrics page, with their numbers as text', async () => {
    await reportSync(client, integrationId, 'lead', 'failed');
    await vi.waitFor(async () => {
      const { series } = await client.metrics.series('sessions', { integrationId, interval: 'hour' });
      expect(series.reduce((sum, { points }) => sum + points.reduce((n, point) => n + point.count, 0), 0)).toBe(2);
    }, SETTLES);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { name: 'Metrics', level: 1 }).waitFor();
    await page.getByLabel('Integration', { exact: true }).selectOption(integrationId);
    await page.waitForURL(/integrationId=/);

    const success = page.getByRole('region', { name: 'Success rate' });
    const chart = success.getByRole('img');
    await chart.waitFor();
    await expect(chart.getAttribute('aria-label')).resolves.toMatch(/Completed: latest 50%/);
    await success.getByText('Show the numbers').click();
    await success.getByRole('cell', { name: '50%' }).first().waitFor();
    await page.getByRole('region', { name: 'Sync duration' }).getByRole('img').waitFor();
  });

  it('fits the dashboard and the metrics into a 375 px wide screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);

    await page.goto(`${baseUrl}/admin/metrics?range=24h&integrationId=${integrationId}`);
    await page.getByRole('region', { name: 'Success rate' }).getByRole('img').waitFor();
    expect(await width()).toBeLessThanOrEqual(375);
    await page.goto(`${baseUrl}/admin/`);
    await entityCard('vehicle').waitFor();
    expect(await width()).toBeLessThanOrEqual(375);
  });

  it('logs no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
