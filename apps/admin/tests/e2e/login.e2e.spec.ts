import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';

const baseUrl = inject('baseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const TIMEOUT = 15_000;

/** No horizontal scrolling: the page fits the viewport. */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

describe('the admin app against the real API', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    await page.goto(`${baseUrl}/admin/`);

    await page.waitForURL(/\/admin\/login/);
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
  });

  it('shows the API error for a wrong password and stays on the sign-in page', async () => {
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).not.toBe('');
    expect(page.url()).toContain('/admin/login');
  });

  it('signs the first admin in and shows the dashboard with every section in the navigation', async () => {
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    const labels = await nav.getByRole('link').allTextContents();
    expect(labels.map((label) => label.trim())).toEqual([
      'Dashboard',
      'Monitor',
      'History',
      'Errors',
      'Alerts',
      'Reconciliation',
      'Conflicts',
      'Reports',
      'Metrics',
      'Config',
      'Settings',
    ]);
    await expect(nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Create your first integration' }).waitFor();
  });

  it('fits a 375 px wide screen, with the sections behind a menu button', async () => {
    await page.setViewportSize({ width: 375, height: 740 });

    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Open menu' }).click();
    await nav.getByRole('link', { name: 'Config' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });

    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows the API validation reason beside the field it concerns', async () => {
    await page.getByRole('link', { name: 'Create your first integration' }).click();
    await page.getByRole('heading', { name: 'New integration' }).waitFor();

    await page.locator('#name').fill('EasyCars stock');
    await page.locator('#key').fill('Not A Valid Key');
    await page.locator('#provider').fill('easycars');
    await page.locator('#entity-types').fill('vehicle, lead,');
    await page.locator('#schedule').fill('*/15 * * * *');
    await page.locator('#local-postgres-url').fill('postgres://sync@db.local:5432/erp');
    await page.locator('#local-postgres-table').fill('vehicles');
    await page.locator('#local-postgres-keyColumn').fill('id');
    await page.locator('#local-postgres-updatedAtColumn').fill('updated_at');
    await page.locator('#remote-type').selectOption('http');
    await page.locator('#remote-http-baseUrl').fill('https://api.easycars.test/v2');
    await page.locator('#remote-http-collectionPath').fill('/{entity}s');
    await page.locator('#remote-http-keyField').fill('stockNumber');
    await page.locator('#remote-http-authHeader').fill('X-Api-Token');
    await page.getByLabel('Credential name').fill('token');
    await page.getByLabel('Secret value').fill('s3cret-token-value');
    await page.getByRole('button', { name: 'Create integration' }).click();

    const keyError = page.locator('#key-error');
    await keyError.waitFor();
    expect(await keyError.textContent()).toMatch(/lower-case/);
    await expect(page.locator('#key').getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('creates an integration with a credential and lists it with its credentials set', async () => {
    await page.locator('#key').fill('easycars-stock');
    await page.getByRole('button', { name: 'Create integration' }).click();

    await page.waitForURL(/\/admin\/config$/);
    const row = page.getByTestId('integration-row').filter({ hasText: 'easycars-stock' });
    await row.waitFor();
    await expect(row.getByRole('checkbox', { name: 'Select EasyCars stock' }).isChecked()).resolves.toBe(false);
    const cells = (await row.getByRole('cell').allTextContents()).map((cell) => cell.trim());
    expect(cells).toEqual([
      '',
      'easycars-stock',
      'EasyCars stock',
      'easycars',
      'Active',
      'vehicle, lead',
      '*/15 * * * *',
      'Set',
    ]);
  });

  it('opens the integration with its credentials set but never their values', async () => {
    await page.getByRole('link', { name: 'EasyCars stock' }).click();

    await page.getByText(/Credentials set, last rotated/).waitFor();
    expect(await page.content()).not.toContain('s3cret-token-value');
    await expect(page.locator('#remote-http-baseUrl').inputValue()).resolves.toBe('https://api.easycars.test/v2');
  });

  it('keeps the integration editor within a 375 px wide screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });

    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
  });
});
