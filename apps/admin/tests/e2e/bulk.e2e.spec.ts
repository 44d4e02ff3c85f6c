import type { IntegrationView, SessionView } from '@syncline/contracts';
import type { SynclineClient } from '@syncline/sdk';
import { dealerTableSql } from '@syncline/simulator';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { consoleErrors, openSignedIn } from './browser';
import { adminClient } from './monitoring-api';
import { simulatorStock, startSimulator, type RunningSimulator } from './simulator';

const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const SEED_COUNT = 50;
const FINISHES = { timeout: 60_000, interval: 250 };

describe('bulk controls: sync several integrations, retry or cancel several syncs (API, worker, simulator)', () => {
  const keys = ['bulk-a', 'bulk-b'];
  let simulator: RunningSimulator;
  let db: pg.Client;
  let client: SynclineClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const integrations: IntegrationView[] = [];

  beforeAll(async () => {
    simulator = await startSimulator(SEED_COUNT);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const key of keys)
      for (const sql of dealerTableSql(`${key.replace('-', '_')}_vehicle`, 'vehicle')) await db.query(sql);
    client = await adminClient(baseUrl, admin.email, admin.password);
    for (const key of keys)
      integrations.push(
        await client.integrations.create(
          simulatorStock(simulator.url, databaseUrl, {
            key,
            name: `Bulk ${key}`,
            table: `${key.replace('-', '_')}_{entity}`,
          }),
        ),
      );

    ({ browser, page } = await openSignedIn(baseUrl, admin.email, admin.password));
    errors = consoleErrors(page);
  });

  afterAll(async () => {
    // Deleting the integrations deletes their sessions: the other specs start from an empty dashboard.
    for (const integration of integrations) await client.integrations.remove(integration.id);
    await browser?.close();
    for (const key of keys) await db?.query(`DROP TABLE IF EXISTS ${key.replace('-', '_')}_vehicle`);
    await db?.end();
    await simulator?.stop();
  });

  async function sessionsOf(integration: IntegrationView): Promise<SessionView[]> {
    return (await client.sessions.list({ integrationId: integration.id })).items;
  }

  it('starts a sync of each selected integration from the Config list and says how each went', async () => {
    await page.goto(`${baseUrl}/admin/config`);
    const bar = page.getByRole('group', { name: 'Selected integrations' });
    await bar.getByText('Select integrations to sync them together.').waitFor();
    for (const integration of integrations) await page.getByLabel(`Select ${integration.name}`).check();
    await bar.getByText('2 integrations selected').waitFor();

    await bar.getByRole('button', { name: 'Sync now (2)' }).click();

    await bar.getByRole('status').getByText('2 started').waitFor();
    for (const integration of integrations) {
      const row = page.getByTestId('integration-row').filter({ hasText: integration.key });
      await expect(row.getByTestId('bulk-outcome').textContent()).resolves.toBe('vehicle started');
    }
    for (const integration of integrations) {
      const sessions = await sessionsOf(integration);
      expect(sessions.map(({ trigger, entityType }) => ({ trigger, entityType }))).toEqual([
        { trigger: 'manual', entityType: 'vehicle' },
      ]);
      await vi.waitFor(async () => expect((await sessionsOf(integration))[0].status).toBe('completed'), FINISHES);
    }
  });

  /** History's newest row of this integration, reloaded until it shows `status`. */
  async function historyRow(integration: IntegrationView, status: string) {
    const row = page.getByTestId('session-row').filter({ hasText: integration.key }).first();
    await vi.waitFor(async () => {
      await page.goto(`${baseUrl}/admin/history`);
      await row.waitFor();
      expect(await row.textContent()).toContain(status);
    }, FINISHES);
    return row;
  }

  it('retries the finished syncs selected in History, each as a new session', async () => {
    const rows = [];
    for (const integration of integrations) rows.push(await historyRow(integration, 'Completed'));
    const bar = page.getByRole('group', { name: 'Selected sync runs' });
    for (const row of rows) await row.getByRole('checkbox').check();
    await expect(bar.getByRole('button', { name: /^Cancel/ }).isDisabled()).resolves.toBe(true);

    await bar.getByRole('button', { name: 'Retry (2)' }).click();

    await bar.getByRole('status').getByText('2 retried').waitFor();
    for (const [index, integration] of integrations.entries()) {
      const link = rows[index].getByTestId('bulk-outcome').getByRole('link', { name: 'Retry queued' });
      const sessions = await sessionsOf(integration);
      expect(sessions.map(({ trigger }) => trigger)).toEqual(['retry', 'manual']);
      expect(sessions[0].parentSessionId).toBe(sessions[1].id);
      await expect(link.getAttribute('href')).resolves.toBe(`/admin/history/${sessions[0].id}`);
      await vi.waitFor(async () => expect((await sessionsOf(integration))[0].status).toBe('completed'), FINISHES);
    }
  });

  it('cancels the running syncs selected in History after asking', async () => {
    // Slow remote answers and small batches: the syncs are still running when the cancel arrives.
    await simulator.setFaults({ latencyMs: 400 });
    try {
      for (const integration of integrations) {
        await client.integrations.update(integration.id, { syncSettings: { batchSize: 5 } });
        await client.sync.manual({
          integrationId: integration.id,
          entityType: 'vehicle',
          direction: 'inbound',
          mode: 'full',
        });
      }
      const rows = [];
      for (const integration of integrations) rows.push(await historyRow(integration, 'Running'));
      const bar = page.getByRole('group', { name: 'Selected sync runs' });
      for (const row of rows) await row.getByRole('checkbox').check();

      await bar.getByRole('button', { name: 'Cancel (2)' }).click();
      const confirm = page.getByRole('dialog', { name: 'Cancel 2 syncs?' });
      await confirm.getByRole('button', { name: 'Cancel syncs' }).click();

      await bar.getByRole('status').getByText('2 cancelled').waitFor();
      for (const integration of integrations) {
        await vi.waitFor(async () => expect((await sessionsOf(integration))[0].status).toBe('cancelled'), FINISHES);
      }
    } finally {
      await simulator.setFaults({});
    }
  });

  it('fits a 375 px wide screen and logs no errors', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const [path, group] of [
      ['config', 'Selected integrations'],
      ['history', 'Selected sync runs'],
    ]) {
      await page.goto(`${baseUrl}/admin/${path}`);
      await page.getByRole('group', { name: group }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(errors).toEqual([]);
  });
});
