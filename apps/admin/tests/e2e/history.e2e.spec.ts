import type { CreateIntegrationRequest, RecordLogInput, SessionView, SyncErrorInput } from '@syncline/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser';
import { cellTexts } from './sync-flow';

const baseUrl = inject('baseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };

const integration: CreateIntegrationRequest = {
  key: 'history-stock',
  name: 'History stock',
  provider: 'easycars',
  local: {
    type: 'postgres',
    url: 'postgres://sync@db.local:5432/dealer',
    table: 'vehicles',
    keyColumn: 'stock_number',
    updatedAtColumn: 'updated_at',
  },
  remote: { type: 'csv', path: '/data/vehicles.csv', keyColumn: 'id' },
  entityTypes: ['vehicle', 'lead'],
};

const records: RecordLogInput[] = [
  {
    localKey: 'STK-1',
    remoteKey: 'r-1',
    action: 'update',
    before: { price: 10, colour: 'red' },
    after: { price: 12, colour: 'red' },
    changedFields: ['price'],
  },
  { localKey: 'STK-2', remoteKey: 'r-2', action: 'create', before: null, after: { price: 30, colour: 'blue' } },
  { localKey: 'STK-3', remoteKey: 'r-3', action: 'fail', error: 'price missing' },
];

const errors: SyncErrorInput[] = [
  {
    category: 'validation',
    message: 'price missing',
    recordKey: 'STK-3',
    request: { url: '/vehicles', method: 'PUT' },
    response: { status: 422, body: { error: 'price is required' } },
    stack: 'Error: price missing\n    at validateVehicle (sync.ts:42:11)',
  },
];

/** No horizontal scrolling: the page fits the viewport. */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Seeds through the real HTTP API as the first admin, with the bearer token from signing in. */
async function apiClient() {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown, expectedStatus = 200): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(expectedStatus);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

describe('the history of sync runs', () => {
  let browser: Browser;
  let page: Page;
  let call: Awaited<ReturnType<typeof apiClient>>;
  let integrationId: string;
  let completed: SessionView;
  let failed: SessionView;

  beforeAll(async () => {
    call = await apiClient();
    integrationId = (await call<{ id: string }>('POST', '/integrations', integration, 201)).id;

    completed = await call<SessionView>(
      'POST',
      '/sessions',
      { integrationId, entityType: 'vehicle', direction: 'inbound' },
      201,
    );
    // Records and errors first: a finished session accepts no more records.
    await call('POST', `/sessions/${completed.id}/records`, { records }, 201);
    await call('POST', `/sessions/${completed.id}/errors`, { errors }, 201);
    completed = await call<SessionView>('PATCH', `/sessions/${completed.id}`, {
      status: 'completed',
      counters: { total: 3, processed: 3, created: 1, updated: 1, failed: 1 },
      phaseTimings: { fetch: 120, apply: 300 },
    });

    failed = await call<SessionView>(
      'POST',
      '/sessions',
      { integrationId, entityType: 'lead', direction: 'inbound' },
      201,
    );
    failed = await call<SessionView>('PATCH', `/sessions/${failed.id}`, {
      status: 'failed',
      stage: 'fetch',
      statusReason: 'Remote answered 503 three times',
    });

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    await signIn(page, baseUrl, admin.email, admin.password);
  });

  afterAll(async () => {
    // Deleting the integration deletes its sessions; the login spec starts from an empty dashboard.
    if (integrationId) await call('DELETE', `/integrations/${integrationId}`, undefined, 204);
    await browser?.close();
  });

  const rows = () => page.getByTestId('session-row');

  it('lists every sync run with its counters, status and duration', async () => {
    await page.goto(`${baseUrl}/admin/history`);
    await page.getByRole('heading', { name: 'History', level: 1 }).waitFor();
    await rows().first().waitFor();

    expect(await rows().count()).toBe(2);
    const cells = await cellTexts(rows().filter({ hasText: 'vehicle' }));
    expect(cells.slice(1, 6)).toEqual(['history-stock', 'vehicle', 'Inbound', 'Completed', '3/3 1 failed']);
    expect(cells[6]).toMatch(/\d+ ms|s$/);
    expect(cells[7]).toBe('Manual');
  });

  it('filters by status and keeps the filter in the address across a reload', async () => {
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();

    await page.waitForURL(/status=failed/);
    await rows().filter({ hasText: 'lead' }).waitFor();
    expect(await rows().count()).toBe(1);

    await page.reload();
    await rows().first().waitFor();
    expect(await rows().count()).toBe(1);
    await expect(page.getByLabel('Status').inputValue()).resolves.toBe('failed');
  });

  it('finds the sync runs that touched a record by its remote id, and says when none did', async () => {
    await page.getByRole('link', { name: 'Clear filters' }).first().click();
    await page.waitForURL(/\/admin\/history$/);
    await page.getByLabel('Search by record id').fill('r-1');
    await page.getByRole('button', { name: 'Apply filters' }).click();

    await page.waitForURL(/recordKey=r-1/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="session-row"]').length === 1);
    await expect(rows().first().textContent()).resolves.toContain('vehicle');

    await page.getByLabel('Search by record id').fill('no-such-record');
    await page.getByRole('button', { name: 'Apply filters' }).click();

    await page.getByRole('heading', { name: 'No sync runs match these filters' }).waitFor();
    expect(await rows().count()).toBe(0);
    await expect(page.getByText('no-such-record', { exact: true }).isVisible()).resolves.toBe(true);
  });

  it('exports the filtered history as CSV through a plain link with the session cookie', async () => {
    await page.goto(`${baseUrl}/admin/history?status=completed`);
    await rows().first().waitFor();

    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toBe('/api/v1/sessions/export?status=completed&format=csv');

    const download = await page.request.get(`${baseUrl}${href}`);
    expect(download.status()).toBe(200);
    const csv = await download.text();
    expect(csv).toContain(completed.id);
    expect(csv).not.toContain(failed.id);
  });

  it('fits the history into a 375 px wide screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });

    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('opens a sync run with its counters and stage timings', async () => {
    await rows()
      .first()
      .getByRole('link', { name: /^Details/ })
      .click();

    await page.getByRole('heading', { name: 'history-stock · vehicle', level: 1 }).waitFor();
    const counters = page.getByRole('list', { name: 'Counters' });
    const tiles = (await counters.getByRole('listitem').allTextContents()).map((tile) =>
      tile.replace(/\s+/g, ' ').trim(),
    );
    expect(tiles).toEqual([
      'Total 3',
      'Processed 3',
      'Created 1',
      'Updated 1',
      'Deleted 0',
      'Skipped 0',
      'Failed 1',
      'Conflicts 0',
    ]);
    const stages = page.getByRole('region', { name: 'Stages' });
    await expect(stages.getByRole('listitem').first().textContent()).resolves.toContain('120 ms');
  });

  it('expands an error to its request, response and stack trace', async () => {
    const error = page.getByTestId('session-error').filter({ hasText: 'price missing' });
    const stack = error.getByText('at validateVehicle (sync.ts:42:11)');
    await expect(stack.isVisible()).resolves.toBe(false);

    await error.getByText('price missing').first().click();

    await stack.waitFor({ state: 'visible' });
    await expect(error.getByText('"url": "/vehicles"').isVisible()).resolves.toBe(true);
    await expect(error.getByText('"error": "price is required"').isVisible()).resolves.toBe(true);
  });

  it('shows a record before and after side by side, with only the changed field highlighted', async () => {
    const row = page.getByTestId('record-row').filter({ hasText: 'STK-1' });
    await row.getByRole('button', { name: /before and after of STK-1/ }).click();

    const price = page.locator('tr[data-field="price"]');
    const colour = page.locator('tr[data-field="colour"]');
    await price.waitFor();
    await expect(price.getAttribute('data-changed')).resolves.toBe('true');
    await expect(colour.getAttribute('data-changed')).resolves.toBe('false');
    await expect(price.locator('td.before').textContent()).resolves.toBe('10');
    await expect(price.locator('td.after').textContent()).resolves.toBe('12');

    const before = await price.locator('td.before').boundingBox();
    const after = await price.locator('td.after').boundingBox();
    expect(before && after && Math.abs(before.y - after.y) < 1 && after.x > before.x).toBe(true);
    const [changedBackground, unchangedBackground] = await Promise.all([
      price.locator('td.after').evaluate((cell) => getComputedStyle(cell).backgroundColor),
      colour.locator('td.after').evaluate((cell) => getComputedStyle(cell).backgroundColor),
    ]);
    expect(changedBackground).not.toBe(unchangedBackground);
  });

  it('shows a created record against an empty earlier state', async () => {
    const row = page.getByTestId('record-row').filter({ hasText: 'STK-2' });
    await row.getByRole('button', { name: /before and after of STK-2/ }).click();

    const diff = page.locator('tr.diff-row').filter({ hasText: '"blue"' });
    await diff.waitFor();
    await expect(diff.locator('tr[data-field="colour"] td.before').textContent()).resolves.toBe('—');
  });

  it('links the export of this one sync run', async () => {
    const href = await page.getByRole('link', { name: 'Export JSON' }).getAttribute('href');

    expect(href).toBe(`/api/v1/sessions/${completed.id}/export?format=json`);
  });

  it('fits the sync run page into a 375 px wide screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });

    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
  });
});
