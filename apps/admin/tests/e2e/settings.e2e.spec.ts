import type { CreateIntegrationRequest } from '@syncline/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { launchBrowser, signIn } from './browser';

const baseUrl = inject('baseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const operator = { name: 'Olivia Operator', email: 'olivia@example.test', password: 'operator-password-1' };

const integration: CreateIntegrationRequest = {
  key: 'seller-sheet',
  name: 'Spreadsheet sellers',
  provider: 'spreadsheet',
  local: {
    type: 'postgres',
    url: 'postgres://sync@db.local:5432/erp',
    table: 'sellers',
    keyColumn: 'id',
    updatedAtColumn: 'updated_at',
  },
  remote: { type: 'csv', path: '/data/sellers.csv', keyColumn: 'seller_id' },
  entityTypes: ['seller'],
};

describe('settings and roles in the admin app', () => {
  let browser: Browser;
  let page: Page;
  let adminApi: APIRequestContext;
  let integrationId: string;

  beforeAll(async () => {
    adminApi = await request.newContext({ baseURL: baseUrl });
    const login = await adminApi.post('/api/v1/auth/login', { data: admin });
    expect(login.status()).toBe(200);
    const created = await adminApi.post('/api/v1/integrations', { data: integration });
    expect(created.status()).toBe(201);
    integrationId = ((await created.json()) as { id: string }).id;

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    await signIn(page, baseUrl, admin.email, admin.password);
  });

  afterAll(async () => {
    // The other browser spec starts from an empty dashboard, whichever file runs first.
    if (integrationId) await adminApi.delete(`/api/v1/integrations/${integrationId}`);
    await adminApi?.dispose();
    await browser?.close();
  });

  it('creates an API key and shows the raw key once, with a copy button', async () => {
    await page.goto(`${baseUrl}/admin/settings/api-keys`);
    await page.getByRole('button', { name: 'Create API key' }).click();
    await page.getByLabel('Name').fill('Sellers reporter');
    await page.getByRole('button', { name: 'Create key' }).click();

    const dialog = page.getByRole('dialog', { name: 'API key created' });
    await dialog.waitFor();
    const rawKey = await dialog.getByLabel('API key').inputValue();
    expect(rawKey).toMatch(/^slk_/);
    await expect(dialog.getByRole('button', { name: 'Copy' }).isVisible()).resolves.toBe(true);
    await expect(dialog.getByText("It won't be shown again").isVisible()).resolves.toBe(true);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: 'Sellers reporter' });
    await row.waitFor();
    expect(await page.content()).not.toContain(rawKey);
  });

  it('adds an operator through the users page', async () => {
    await page.goto(`${baseUrl}/admin/settings/users`);
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Name').fill(operator.name);
    await dialog.getByLabel('Email').fill(operator.email);
    await dialog.getByLabel('Role').selectOption('operator');
    await dialog.getByLabel('Initial password').fill(operator.password);
    await dialog.getByRole('button', { name: 'Add user' }).click();

    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: operator.email }).waitFor();
  });

  it('shows an operator the integration read-only, without save or delete', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/login/);
    await signIn(page, baseUrl, operator.email, operator.password);

    await page.goto(`${baseUrl}/admin/config`);
    await page.getByRole('link', { name: integration.name }).click();

    await page.getByText('this configuration is read-only').waitFor();
    await expect(page.locator('#name').isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Save changes' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Delete integration' }).count()).resolves.toBe(0);
    // Operators run syncs, but this integration has no field mapping to sync with yet.
    const syncNow = page.getByRole('button', { name: /^Sync now/ });
    await expect(syncNow.getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(page.getByText('Configure a field mapping first').isVisible()).resolves.toBe(true);
  });

  it('tells an operator that only admins manage users', async () => {
    await page.goto(`${baseUrl}/admin/settings/users`);

    await page.getByText('Only admins can manage users').waitFor();
  });
});
