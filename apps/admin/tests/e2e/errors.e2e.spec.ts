import type { ErrorItemView, SessionView } from '@syncline/contracts';
import type { SynclineClient } from '@syncline/sdk';
import { dealerTableSql } from '@syncline/simulator';
import pg from 'pg';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { consoleErrors, openSignedIn } from './browser';
import { adminClient, SETTLES } from './monitoring-api';
import { horizontalOverflow, settled, VIEWPORTS } from './page-checks';
import { SIM_TOKEN, simulatorStock, startSimulator, type RunningSimulator } from './simulator';
import { SYNC_TIMEOUT_MS } from './sync-flow';

const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const KEY = 'errors-stock';
const TABLE = 'errors_stock_vehicle';
const SEED_COUNT = 30;
const SYNC_WAIT = { timeout: SYNC_TIMEOUT_MS, interval: 250 };

describe('the ErrorHandler page (API, worker, simulator, PostgreSQL)', () => {
  let simulator: RunningSimulator;
  let db: pg.Client;
  let client: SynclineClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let integrationId: string | undefined;
  let partial: SessionView;
  /** The records the remote refused, in key order. */
  let refused: string[];

  const errorsUrl = () => `${baseUrl}/admin/errors?integrationId=${integrationId}`;

  async function runSync(direction: 'inbound' | 'outbound', mode: 'full' | 'incremental'): Promise<SessionView> {
    const { sessionId } = await client.sync.manual({
      integrationId: integrationId!,
      entityType: 'vehicle',
      direction,
      mode,
    });
    return finished(sessionId);
  }

  function finished(sessionId: string): Promise<SessionView> {
    return vi.waitFor(async () => {
      const session = await client.sessions.get(sessionId);
      expect(['completed', 'partial', 'failed', 'cancelled', 'timed_out']).toContain(session.status);
      return session;
    }, SYNC_WAIT);
  }

  async function remoteStatus(key: string): Promise<unknown> {
    const response = await fetch(`${simulator.url}/vehicle/${key}`, {
      headers: { authorization: `Bearer ${SIM_TOKEN}` },
    });
    return ((await response.json()) as { status?: unknown }).status;
  }

  async function storedErrors(): Promise<{ record_key: string; status: string; resolution_note: string | null }[]> {
    const { rows } = await db.query(
      `SELECT record_key, status::text, resolution_note FROM sync_errors WHERE session_id = $1 ORDER BY record_key`,
      [partial.id],
    );
    return rows;
  }

  const row = (key: string): Locator => page.getByTestId('error-row').filter({ hasText: key });

  async function openErrors(): Promise<void> {
    await page.goto(errorsUrl());
    await settled(page, 'Errors');
  }

  beforeAll(async () => {
    simulator = await startSimulator(SEED_COUNT);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const sql of dealerTableSql(TABLE, 'vehicle')) await db.query(sql);
    client = await adminClient(baseUrl, admin.email, admin.password);
    integrationId = (
      await client.integrations.create(
        simulatorStock(simulator.url, databaseUrl, { key: KEY, name: 'Errors stock', table: 'errors_stock_{entity}' }),
      )
    ).id;
    expect((await runSync('inbound', 'full')).status).toBe('completed');

    // The fault: three local records get a status the remote refuses (422), so pushing them fails.
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${TABLE} ORDER BY id LIMIT 3`);
    refused = rows.map((found) => found.id);
    await db.query(`UPDATE ${TABLE} SET status = 'scrapped', updated_at = now() WHERE id = ANY($1)`, [refused]);
    partial = await runSync('outbound', 'incremental');
    expect(partial).toMatchObject({ status: 'partial', counters: { failed: 3 } });

    ({ browser, page } = await openSignedIn(baseUrl, admin.email, admin.password));
    errors = consoleErrors(page);
  });

  afterAll(async () => {
    // Deleting the integration deletes its sessions and their errors: the other specs start clean.
    if (integrationId) await client.integrations.remove(integrationId);
    await browser?.close();
    await db?.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await db?.end();
    await simulator?.stop();
  });

  it('groups the refused records under Validation with their count, and lists each one', async () => {
    await openErrors();

    const group = page.getByTestId('error-group').filter({ has: page.getByRole('heading', { name: 'Validation' }) });
    await expect(group.getByText(/^\s*3\s*open\s*$/).count()).resolves.toBe(1);
    await expect(group.getByText('3 warning').count()).resolves.toBe(1);
    const { groups } = await client.errors.summary({ integrationId });
    expect(groups.map((found) => [found.category, found.open])).toEqual([['validation', 3]]);

    for (const key of refused) await row(key).waitFor();
    await expect(page.getByTestId('error-row').count()).resolves.toBe(3);
    const cells = (await row(refused[0]).getByRole('cell').allTextContents()).map((text) =>
      text.replace(/\s+/g, ' ').trim(),
    );
    expect(cells).toEqual(expect.arrayContaining([refused[0], 'errors-stock vehicle', 'Open']));
    expect(cells.find((cell) => cell.startsWith('Warning Validation HTTP_422 Remote record'))).toContain(
      'answered 422',
    );
  });

  it('retries one error: a retry session runs that record and the remote now holds it', async () => {
    // The operator mends the record first (a status the remote knows, other than its own); the retry pushes it.
    const before = await remoteStatus(refused[0]);
    const status = ['available', 'reserved', 'sold'].find((candidate) => candidate !== before)!;
    await db.query(`UPDATE ${TABLE} SET status = $2, updated_at = now() WHERE id = $1`, [refused[0], status]);
    await openErrors();

    const retry = row(refused[0]).getByRole('button', { name: /^Retry/ });
    await retry.click();
    const toast = page
      .getByRole('status')
      .filter({ hasText: `Retry of the validation error of record ${refused[0]} queued` });
    await toast.waitFor();
    await row(refused[0]).getByTestId('error-outcome').filter({ hasText: 'Retry queued' }).waitFor();

    const { items } = await client.errors.list({ integrationId, recordKey: refused[0] });
    const retried = items[0] as ErrorItemView;
    expect(retried.lastRetry?.sessionId).toEqual(expect.any(String));
    const session = await finished(retried.lastRetry!.sessionId);
    expect(session).toMatchObject({ trigger: 'retry', parentSessionId: partial.id, status: 'completed' });
    expect(session.counters).toMatchObject({ processed: 1, updated: 1, failed: 0 });
    const { rows } = await db.query('SELECT retry_keys FROM sync_sessions WHERE id = $1', [session.id]);
    expect(rows[0].retry_keys).toEqual([refused[0]]);
    await expect(remoteStatus(refused[0])).resolves.toBe(status);
    await expect(remoteStatus(refused[1])).resolves.not.toBe('scrapped');

    // The toast's link opens the retry in History.
    await toast.getByRole('link', { name: 'Open the run' }).click();
    await page.waitForURL(`**/admin/history/${session.id}`);
  });

  it('resolves one error and ignores another through the bulk controls, with a note', async () => {
    await openErrors();

    await row(refused[1]).getByRole('checkbox').check();
    await page.getByRole('group', { name: 'Selected errors' }).getByRole('button', { name: 'Resolve…' }).click();
    const resolveDialog = page.getByRole('dialog', { name: 'Resolve' });
    await resolveDialog.getByLabel('Note').fill('Status fixed in the dealer system');
    await resolveDialog.getByRole('button', { name: 'Resolve' }).click();
    await resolveDialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: '1 resolved' }).first().waitFor();
    await row(refused[1]).getByText('Resolved', { exact: true }).first().waitFor();

    await row(refused[2]).getByRole('checkbox').check();
    await page.getByRole('group', { name: 'Selected errors' }).getByRole('button', { name: 'Ignore…' }).click();
    const ignoreDialog = page.getByRole('dialog', { name: 'Ignore' });
    await ignoreDialog.getByRole('button', { name: 'Ignore' }).click();
    await ignoreDialog.waitFor({ state: 'hidden' });
    await row(refused[2]).getByText('Ignored', { exact: true }).first().waitFor();

    expect(await storedErrors()).toEqual([
      { record_key: refused[0], status: 'open', resolution_note: null },
      { record_key: refused[1], status: 'resolved', resolution_note: 'Status fixed in the dealer system' },
      { record_key: refused[2], status: 'ignored', resolution_note: null },
    ]);
    const open = await client.errors.list({ integrationId, status: 'open' });
    expect(open.items.map((error) => error.recordKey)).toEqual([refused[0]]);
    const { items: audit } = await client.audit.list({ action: 'error' });
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(['error.retried', 'error.resolved', 'error.ignored']),
    );

    // The group counts only what is still open, once the page reads it again.
    await vi.waitFor(async () => {
      const group = page.getByTestId('error-group').filter({ hasText: 'Validation' });
      expect(await group.getByText(/^\s*1\s*open\s*$/).count()).toBe(1);
    }, SETTLES);
  });

  it('opens an error with its request, response and the sync run it happened in', async () => {
    await page.goto(`${errorsUrl()}&status=any`);
    await settled(page, 'Errors');
    await row(refused[1])
      .getByRole('link', { name: /^Details/ })
      .click();

    await page.getByRole('heading', { name: 'Validation error', level: 1 }).waitFor();
    await page.getByText('Status fixed in the dealer system').waitFor();
    // The remote's answer, its JSON body opened up: which field it refused, and why.
    const excerpts = page.getByRole('region', { name: 'Request and response' });
    await expect(excerpts.textContent()).resolves.toContain('"reason": "must be one of available, reserved, sold"');
    await expect(excerpts.textContent()).resolves.toContain('"path": "/vehicle/batch"');
    await page.getByRole('link', { name: 'Open in History' }).click();
    await page.waitForURL(`**/admin/history/${partial.id}`);
  });

  it('fits a 375 px screen without sideways scrolling', async () => {
    await page.setViewportSize(VIEWPORTS.mobile);
    try {
      await page.goto(`${errorsUrl()}&status=any`);
      await settled(page, 'Errors');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await row(refused[0])
        .getByRole('link', { name: /^Details/ })
        .click();
      await settled(page, 'Validation error');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await page.setViewportSize(VIEWPORTS.desktop);
    }
  });

  it('logs no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
