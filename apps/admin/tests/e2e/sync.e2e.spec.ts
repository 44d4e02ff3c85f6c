import { dealerTableSql } from '@syncline/simulator';
import pg from 'pg';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signIn } from './browser';
import { simulatorStock, startSimulator, type RunningSimulator } from './simulator';
import { cellTexts, historyRow, openMonitorFromToast, SYNC_TIMEOUT_MS, syncNowFromDashboard } from './sync-flow';

const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const SEED_COUNT = 200;
const DEALER_STOCK = { name: 'Dealer stock', entityType: 'vehicle' };

describe('running syncs from the admin app (API, worker, simulator, PostgreSQL)', () => {
  let simulator: RunningSimulator;
  let db: pg.Client;
  let adminApi: APIRequestContext;
  let browser: Browser;
  let page: Page;
  let integrationId: string | undefined;

  beforeAll(async () => {
    simulator = await startSimulator(SEED_COUNT);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const sql of dealerTableSql('stock_vehicle', 'vehicle')) await db.query(sql);

    adminApi = await request.newContext({ baseURL: baseUrl });
    expect((await adminApi.post('/api/v1/auth/login', { data: admin })).status()).toBe(200);
    const created = await adminApi.post('/api/v1/integrations', {
      data: simulatorStock(simulator.url, databaseUrl, {
        key: 'dealer-stock',
        name: 'Dealer stock',
        table: 'stock_{entity}',
      }),
    });
    expect(created.status(), await created.text()).toBe(201);
    integrationId = ((await created.json()) as { id: string }).id;

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    await signIn(page, baseUrl, admin.email, admin.password);
  });

  afterAll(async () => {
    // Deleting the integration deletes its sessions: the other specs start from an empty dashboard.
    if (integrationId) await adminApi.delete(`/api/v1/integrations/${integrationId}`);
    await adminApi?.dispose();
    await browser?.close();
    await db?.query('DROP TABLE IF EXISTS stock_vehicle');
    await db?.end();
    await simulator?.stop();
  });

  /** Starts a sync and follows the toast to the Monitor. */
  async function startSyncAndOpenMonitor(direction: string, mode: string): Promise<void> {
    const dialog = await syncNowFromDashboard(page, baseUrl, DEALER_STOCK, { direction, mode });
    await dialog.waitFor({ state: 'hidden' });
    await openMonitorFromToast(page);
  }

  it('runs a full inbound sync from the Dashboard, shows it on the Monitor and in History', async () => {
    await startSyncAndOpenMonitor('inbound', 'full');

    // Running or queued, or on a fast machine already done (the Monitor is then idle again).
    const onMonitor = page
      .getByTestId('active-sync')
      .or(page.getByTestId('queued-sync'))
      .filter({ hasText: 'dealer-stock' })
      .or(page.getByRole('heading', { name: 'No syncs running' }));
    await onMonitor.first().waitFor();

    const row = await historyRow(page, baseUrl, 'dealer-stock', 'completed');
    const cells = await cellTexts(row);
    expect(cells.slice(1, 6)).toEqual(['dealer-stock', 'vehicle', 'Inbound', 'Completed', '200/200']);

    await row.getByRole('link', { name: /^Details/ }).click();
    const counters = page.getByRole('list', { name: 'Counters' });
    await counters.waitFor();
    const tiles = (await counters.getByRole('listitem').allTextContents()).map((tile) =>
      tile.replace(/\s+/g, ' ').trim(),
    );
    expect(tiles).toContain(`Created ${SEED_COUNT}`);
    expect(tiles).toContain('Failed 0');

    const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM stock_vehicle');
    expect(Number(rows[0].count)).toBe(SEED_COUNT);
  });

  it('follows a sync on the Monitor as it runs, over live events rather than polling', async () => {
    await page.goto(`${baseUrl}/admin/monitor`);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    // Joining the room reloads once; after that, a quiet Monitor asks for nothing (polling would every 2 s).
    await page.waitForTimeout(1000);
    const reads: string[] = [];
    page.on('request', (sent) => {
      if (new URL(sent.url()).pathname.startsWith('/api/v1/sync/')) reads.push(sent.url());
    });
    await page.waitForTimeout(4500);
    expect(reads).toEqual([]);

    // Slow remote answers and small batches: the sync runs for several seconds, batch by batch.
    await simulator.setFaults({ latencyMs: 300 });
    const patched = await adminApi.patch(`/api/v1/integrations/${integrationId}`, {
      data: { syncSettings: { batchSize: 20 } },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    try {
      // Started elsewhere: only a live event can tell this page about it.
      const started = await adminApi.post('/api/v1/sync/manual', {
        data: { integrationId, entityType: 'vehicle', direction: 'inbound', mode: 'full' },
      });
      expect(started.status(), await started.text()).toBe(202);

      const progress = page
        .getByTestId('active-sync')
        .filter({ hasText: 'dealer-stock' })
        .getByRole('progressbar', { name: 'Progress of dealer-stock vehicle' });
      await progress.waitFor();
      const first = await progress.getAttribute('aria-valuetext');
      await expect
        .poll(() => progress.getAttribute('aria-valuetext'), { timeout: SYNC_TIMEOUT_MS, interval: 100 })
        .not.toBe(first);
      await page.getByRole('heading', { name: 'No syncs running' }).waitFor({ timeout: SYNC_TIMEOUT_MS });
      expect(reads.length).toBeGreaterThan(0);
    } finally {
      await simulator.setFaults({});
    }
  });

  it('refuses a second sync of the same entity at the form, linking the one under way, then cancels it from the Monitor', async () => {
    // Slow remote answers and small batches: the sync is still running when the cancel arrives.
    await simulator.setFaults({ latencyMs: 400 });
    const patched = await adminApi.patch(`/api/v1/integrations/${integrationId}`, {
      data: { syncSettings: { batchSize: 20 } },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    try {
      await startSyncAndOpenMonitor('inbound', 'full');

      const again = await syncNowFromDashboard(page, baseUrl, DEALER_STOCK, {
        direction: 'inbound',
        mode: 'incremental',
      });
      const conflict = again.getByRole('alert');
      await expect(conflict.textContent()).resolves.toMatch(/already (queued|running)/);
      const running = await conflict.getByRole('link', { name: 'Open that sync in History' }).getAttribute('href');
      expect(running).toMatch(/^\/admin\/history\/[0-9a-f-]{36}$/);
      await again.getByRole('button', { name: 'Cancel', exact: true }).click();
      await again.waitFor({ state: 'hidden' });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitor' }).click();

      await page.getByRole('button', { name: 'Cancel the sync of dealer-stock vehicle' }).first().click();
      const confirm = page.getByRole('dialog', { name: 'Cancel this sync?' });
      await confirm.getByRole('button', { name: 'Cancel sync' }).click();
      await confirm.waitFor({ state: 'hidden' });
      // A running sync says so until it reaches its batch boundary; a queued one is gone at once.
      await page
        .getByTestId('active-sync')
        .filter({ hasText: 'Cancelling…' })
        .or(page.getByRole('heading', { name: 'No syncs running' }))
        .first()
        .waitFor();

      const row = await historyRow(page, baseUrl, 'dealer-stock', 'cancelled');
      await expect(row.getByRole('link', { name: /^Details/ }).getAttribute('href')).resolves.toBe(running);
    } finally {
      await simulator.setFaults({});
    }
  });

  it('lists a failed sync of the last day with its reason, and fits a 375 px wide screen', async () => {
    // Reported by the integration itself (Syncline did not run it): listed, but not for Syncline to retry.
    const reason =
      'Remote answered 503 three times while reading the vehicle collection; the integration gave up after ' +
      'its last retry at batch 7 of 10 and left the remaining records for the next scheduled run.';
    const started = await adminApi.post('/api/v1/sessions', {
      data: { integrationId, entityType: 'vehicle', direction: 'inbound' },
    });
    expect(started.status(), await started.text()).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const failed = await adminApi.patch(`/api/v1/sessions/${id}`, { data: { status: 'failed', statusReason: reason } });
    expect(failed.status(), await failed.text()).toBe(200);

    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${baseUrl}/admin/monitor`);
    const item = page.getByTestId('failed-sync').filter({ hasText: 'dealer-stock' });
    await item.waitFor();
    await expect(item.getByText(reason).count()).resolves.toBe(0);
    await item.getByRole('button', { name: /Show more/ }).click();
    await item.getByText(reason).waitFor();
    await expect(item.getByRole('button', { name: /^Retry/ }).count()).resolves.toBe(0);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
