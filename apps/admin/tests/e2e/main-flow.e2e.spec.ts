import { readFile } from 'node:fs/promises';
import type { IntegrationView, SessionView } from '@syncline/contracts';
import type { SynclineClient } from '@syncline/sdk';
import { dealerTableSql } from '@syncline/simulator';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { consoleErrors, openSignedIn } from './browser';
import { adminClient } from './monitoring-api';
import { SIM_TOKEN, startSimulator, type RunningSimulator } from './simulator';
import { cellTexts, historyRow, openMonitorFromToast, SYNC_TIMEOUT_MS, syncNowFromDashboard } from './sync-flow';

const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const SEED_COUNT = 150;
const PAGE_SIZE = 15;
const FLOW = { key: 'flow-stock', name: 'Flow stock', entityType: 'vehicle', table: 'flow_vehicle' };
const SYNC_WAIT = { timeout: SYNC_TIMEOUT_MS, interval: 250 };
/** Remote field → local column, entered in the form's field mapping. */
const MAPPED = [
  ['stockNumber', 'stock_number'],
  ['make', 'make'],
  ['model', 'model'],
] as const;

/**
 * The main flow of the admin app, as a person goes through it, against the real API, worker,
 * PostgreSQL and simulator: create an integration in the form, sync it from the Dashboard and watch
 * it on the Monitor, read it in History down to a record's before and after, see a sync fail on an
 * injected fault and retry it from the Monitor, and export History as CSV.
 */
describe('the main flow: from a new integration to an exported history', () => {
  let simulator: RunningSimulator;
  let db: pg.Client;
  let client: SynclineClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let integration: IntegrationView | undefined;
  let synced: SessionView;
  let failed: SessionView;
  let retried: SessionView;

  beforeAll(async () => {
    simulator = await startSimulator(SEED_COUNT);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const sql of dealerTableSql(FLOW.table, 'vehicle')) await db.query(sql);
    client = await adminClient(baseUrl, admin.email, admin.password);
    ({ browser, page } = await openSignedIn(baseUrl, admin.email, admin.password));
    errors = consoleErrors(page);
  });

  afterAll(async () => {
    await simulator?.setFaults({});
    // Deleting the integration deletes its sessions: the other specs start from an empty dashboard.
    if (integration) await client.integrations.remove(integration.id);
    await browser?.close();
    await db?.query(`DROP TABLE IF EXISTS ${FLOW.table}`);
    await db?.end();
    await simulator?.stop();
  });

  function sessionsOfFlow(): Promise<SessionView[]> {
    return client.sessions.list({ integrationId: integration!.id, limit: 100 }).then((page) => page.items);
  }

  it('creates an integration against the simulator through the form', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Config' }).click();
    await page
      .getByRole('link', { name: /New integration|Create your first integration/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'New integration', level: 1 }).waitFor();

    await page.locator('#name').fill(FLOW.name);
    await page.locator('#key').fill(FLOW.key);
    await page.locator('#provider').fill('simulator');
    await page.locator('#entity-types').fill(`${FLOW.entityType},`);
    await page.locator('#local-postgres-url').fill(databaseUrl);
    await page.locator('#local-postgres-table').fill(FLOW.table);
    await page.locator('#local-postgres-keyColumn').fill('id');
    await page.locator('#local-postgres-updatedAtColumn').fill('updated_at');
    await expect(page.locator('#remote-type').inputValue()).resolves.toBe('http');
    await page.locator('#remote-http-baseUrl').fill(simulator.url);
    await page.locator('#remote-http-collectionPath').fill('/{entity}');
    await page.locator('#remote-http-keyField').fill('id');
    await page.locator('#remote-http-updatedAtField').fill('updatedAt');
    // Small pages: the sync moves in steps the Monitor can show.
    await page.locator('#remote-http-pageSize').fill(String(PAGE_SIZE));
    // The simulator counts its records in each list answer: the sync knows its total from the first page.
    await page.getByText('Request and answer names').last().click();
    await page.locator('#remote-http-totalField').fill('total');
    await page.getByLabel('Credential name').fill('remote.token');
    await page.getByLabel('Secret value').fill(SIM_TOKEN);
    // Keyed by id on both sides (the default); three of the simulator's fields into the table's columns.
    const mapping = page.getByTestId('entity-mapping').filter({ hasText: FLOW.entityType });
    await mapping.getByRole('button', { name: `Add field mapping for ${FLOW.entityType}` }).click();
    for (const [index, [remote, local]] of MAPPED.entries()) {
      if (index > 0) await mapping.getByRole('button', { name: 'Add field' }).click();
      await mapping.getByLabel(`Remote field ${index + 1}`, { exact: true }).fill(remote);
      await mapping.getByLabel(`Local field ${index + 1}`, { exact: true }).fill(local);
    }
    await page.getByRole('button', { name: 'Create integration' }).click();

    await page.waitForURL(/\/admin\/config$/);
    const row = page.getByTestId('integration-row').filter({ hasText: FLOW.key });
    await row.waitFor();
    integration = (await client.integrations.list()).items.find((stored) => stored.key === FLOW.key);
    expect(integration).toMatchObject({
      name: FLOW.name,
      entityTypes: [FLOW.entityType],
      credentialsSet: true,
      local: { type: 'postgres', table: FLOW.table, keyColumn: 'id' },
      remote: { type: 'http', baseUrl: simulator.url, pageSize: PAGE_SIZE, totalField: 'total' },
    });
    expect(integration!.entities).toMatchObject([
      {
        entityType: FLOW.entityType,
        localKey: 'id',
        remoteKey: 'id',
        toLocal: MAPPED.map(([from, to]) => ({ from, to })),
      },
    ]);
    expect(JSON.stringify(integration)).not.toContain(SIM_TOKEN);
  });

  it('runs "Sync now" from the Dashboard and follows the progress bar to completion on the Monitor', async () => {
    // A slow remote: each page of records takes a moment, so the bar moves in visible steps.
    await simulator.setFaults({ latencyMs: 400 });
    try {
      const dialog = await syncNowFromDashboard(page, baseUrl, FLOW, { direction: 'inbound', mode: 'full' });
      await dialog.waitFor({ state: 'hidden' });
      await openMonitorFromToast(page);

      const progress = page
        .getByTestId('active-sync')
        .filter({ hasText: FLOW.key })
        .getByRole('progressbar', { name: `Progress of ${FLOW.key} ${FLOW.entityType}` });
      const idle = page.getByRole('heading', { name: 'No syncs running' });
      await progress.or(idle).first().waitFor();

      // What the bar said, read as often as it can be until the sync leaves the running list.
      const seen: { text: string; percent: number | null }[] = [];
      const deadline = Date.now() + SYNC_TIMEOUT_MS;
      while (Date.now() < deadline) {
        const reading = await progress
          .evaluate((bar) => ({
            text: bar.getAttribute('aria-valuetext') ?? '',
            percent: bar.hasAttribute('aria-valuenow') ? Number(bar.getAttribute('aria-valuenow')) : null,
          }))
          .catch(() => null);
        if (reading === null) break;
        if (seen.at(-1)?.text !== reading.text) seen.push(reading);
        await page.waitForTimeout(50);
      }
      await idle.waitFor();

      const counted = seen
        .map(({ text }) => /^([\d,]+) of ([\d,]+)$/.exec(text))
        .filter((match) => match !== null)
        .map((match) => ({ done: Number(match[1].replace(/,/g, '')), of: Number(match[2].replace(/,/g, '')) }));
      expect(counted.length, `the bar said: ${seen.map(({ text }) => text).join(' → ')}`).toBeGreaterThan(1);
      for (const { done, of } of counted) {
        expect(of).toBe(SEED_COUNT);
        expect(done).toBeGreaterThan(0);
      }
      // Its last count was a page or so short of all: once every record is in, it reads "150 processed".
      expect(counted.at(-1)!.done).toBeGreaterThanOrEqual(SEED_COUNT - 3 * PAGE_SIZE);
      const percents = seen.map(({ percent }) => percent).filter((percent) => percent !== null);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
    } finally {
      await simulator.setFaults({});
    }

    [synced] = await sessionsOfFlow();
    expect(synced).toMatchObject({ status: 'completed', counters: { total: SEED_COUNT, processed: SEED_COUNT } });
    const { rows } = await db.query<{ count: string }>(`SELECT count(*) FROM ${FLOW.table}`);
    expect(Number(rows[0].count)).toBe(SEED_COUNT);
  });

  it('finds the sync in History and shows a record as it was before and after', async () => {
    const row = await historyRow(page, baseUrl, FLOW.key, 'completed');
    expect((await cellTexts(row)).slice(1, 6)).toEqual([
      FLOW.key,
      FLOW.entityType,
      'Inbound',
      'Completed',
      `${SEED_COUNT}/${SEED_COUNT}`,
    ]);
    await row.getByRole('link', { name: /^Details/ }).click();
    await page.getByRole('heading', { name: `${FLOW.key} · ${FLOW.entityType}`, level: 1 }).waitFor();

    const record = page.getByTestId('record-row').first();
    const key = (await record.getByRole('cell').first().textContent())!.trim();
    await record.getByRole('button', { name: new RegExp(`before and after of ${key}`) }).click();

    // Created by this sync: nothing before, and after it what the table holds now.
    const { rows } = await db.query<{ make: string; model: string }>(
      `SELECT make, model FROM ${FLOW.table} WHERE id = $1`,
      [key],
    );
    expect(rows).toHaveLength(1);
    const make = page.locator('tr.diff-row tr[data-field="make"]');
    await make.waitFor();
    await expect(make.locator('td.before').textContent()).resolves.toBe('—');
    await expect(make.locator('td.after').textContent()).resolves.toBe(JSON.stringify(rows[0].make));
    await expect(page.locator('tr.diff-row tr[data-field="model"] td.after').textContent()).resolves.toBe(
      JSON.stringify(rows[0].model),
    );
  });

  it('shows a sync failed by an injected fault on the Monitor, and retries it there to success', async () => {
    // The remote refuses the token on every request: the sync fails at its first read.
    await simulator.setFaults({ authFailureRate: 1 });
    try {
      const { sessionId } = await client.sync.manual({
        integrationId: integration!.id,
        entityType: FLOW.entityType,
        direction: 'inbound',
        mode: 'incremental',
      });
      failed = await vi.waitFor(async () => {
        const session = await client.sessions.get(sessionId);
        expect(session.status).toBe('failed');
        return session;
      }, SYNC_WAIT);
    } finally {
      await simulator.setFaults({});
    }

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitor' }).click();
    const item = page.getByTestId('failed-sync').filter({ hasText: FLOW.key });
    await item.waitFor();
    await item.getByText(/401/).first().waitFor();

    await item.getByRole('button', { name: new RegExp(`^Retry ${FLOW.key} ${FLOW.entityType}`) }).click();
    await item.getByText('Retry queued').waitFor();
    const retry = await item.getByRole('link', { name: /^View the retry/ }).getAttribute('href');

    retried = await vi.waitFor(async () => {
      const [latest] = await sessionsOfFlow();
      expect(latest).toMatchObject({ parentSessionId: failed.id, status: 'completed' });
      return latest;
    }, SYNC_WAIT);
    expect(retry).toBe(`/admin/history/${retried.id}`);
    await page.goto(`${baseUrl}${retry}`);
    const summary = page.getByRole('region', { name: 'Sync run summary' });
    await summary.getByText('Completed', { exact: true }).waitFor();
    await summary.getByRole('link', { name: 'the earlier run' }).waitFor();
  });

  it('exports the History of the integration as a CSV file with a row per sync', async () => {
    await page.goto(`${baseUrl}/admin/history?integrationId=${integration!.id}`);
    await page.getByTestId('session-row').first().waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');

    const lines = csv.trim().split(/\r?\n/);
    const sessions = await sessionsOfFlow();
    expect(sessions.map((session) => session.id)).toEqual(expect.arrayContaining([synced.id, failed.id, retried.id]));
    expect(lines).toHaveLength(1 + sessions.length);
    for (const session of sessions) {
      const line = lines.find((candidate) => candidate.includes(session.id));
      expect(line, `a row for ${session.id}`).toBeDefined();
      expect(line).toContain(session.status);
      expect(line).toContain(FLOW.key);
    }
  });

  it('logs no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
