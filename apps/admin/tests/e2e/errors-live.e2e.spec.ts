import type { SyncErrorInput } from '@syncline/contracts';
import type { SynclineClient } from '@syncline/sdk';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { consoleErrors, launchBrowser, signIn } from './browser';
import { adminClient, reportedIntegration, SETTLES } from './monitoring-api';
import { axeViolations, settled, VIEWPORTS } from './page-checks';

const baseUrl = inject('baseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const integration = reportedIntegration('errors-live-e2e', ['invoice']);

describe('the Errors page follows new errors live (API, PostgreSQL, Redis, browser)', () => {
  let client: SynclineClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let integrationId: string | undefined;

  /** Reports a sync the way an integration does: its errors first, then its end, which is what goes out live. */
  async function reportErrors(status: 'completed' | 'failed', reported: SyncErrorInput[]): Promise<void> {
    const session = await client.sessions.create({
      integrationId: integrationId!,
      entityType: 'invoice',
      direction: 'inbound',
    });
    await client.sessions.addErrors(session.id, reported);
    await client.sessions.update(session.id, {
      status,
      counters: { total: reported.length, processed: reported.length },
    });
  }

  const group = (category: string): Locator => page.locator(`[data-testid="error-group"][data-category="${category}"]`);
  const openCount = (category: string) =>
    group(category)
      .getByText(/^\s*\d+\s*open\s*$/)
      .textContent()
      .then((text) => text?.trim().replace(/\s+/g, ' '));
  const rows = (): Locator => page.getByTestId('error-row');
  const notice = (): Locator => page.getByTestId('new-errors');

  beforeAll(async () => {
    client = await adminClient(baseUrl, admin.email, admin.password);
    integrationId = (await client.integrations.create(integration)).id;
    await reportErrors('completed', [
      { category: 'validation', severity: 'warning', message: 'errors-live-e2e: invoice INV-1 has no customer' },
    ]);

    browser = await launchBrowser();
    // Allows axe-core in despite the admin app's Content-Security-Policy.
    const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS.desktop });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, baseUrl, admin.email, admin.password);
    errors = consoleErrors(page);
  });

  afterAll(async () => {
    // Deleting the integration deletes its sessions and their errors: the other specs start clean.
    if (integrationId) await client.integrations.remove(integrationId);
    await browser?.close();
  });

  it('updates the groups in place and announces new errors above a list that stays as it was', async () => {
    let summaryReads = 0;
    page.on('response', (response) => {
      if (response.url().includes('/api/v1/errors/summary')) summaryReads++;
    });
    await page.goto(`${baseUrl}/admin/errors?integrationId=${integrationId}`);
    await settled(page, 'Errors');
    await page
      .getByRole('status')
      .filter({ hasText: /^\s*Live\s*$/ })
      .waitFor();
    // It reads once as it opens and once after joining the room; from then on, only an event makes it read again.
    await vi.waitFor(() => expect(summaryReads).toBeGreaterThanOrEqual(2), SETTLES);
    await expect(openCount('validation')).resolves.toBe('1 open');
    await expect(rows().count()).resolves.toBe(1);
    await expect(notice().count()).resolves.toBe(0);
    // Gone if the page were loaded again.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await reportErrors('failed', [
      { category: 'validation', severity: 'error', message: 'errors-live-e2e: invoice INV-2 has no lines' },
      { category: 'auth', severity: 'critical', message: 'errors-live-e2e: the token was revoked' },
    ]);

    await vi.waitFor(async () => {
      expect(await openCount('validation')).toBe('2 open');
      expect(await openCount('auth')).toBe('1 open');
    }, SETTLES);
    await expect(notice().textContent()).resolves.toMatch(/^\s*2 new errors\s*Show the new errors\s*$/);
    await expect(notice().locator('xpath=..').getAttribute('aria-live')).resolves.toBe('polite');
    await expect(rows().count()).resolves.toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await expect(page.evaluate(() => 'sameDocument' in window)).resolves.toBe(true);
  });

  it('lists the new errors on Show, newest first, and moves the focus to the list', async () => {
    await notice().getByRole('button', { name: 'Show the new errors' }).click();

    await vi.waitFor(async () => expect(await rows().count()).toBe(3), SETTLES);
    const listed = await rows().allTextContents();
    expect(listed).toEqual([
      expect.stringContaining('errors-live-e2e: the token was revoked'),
      expect.stringContaining('errors-live-e2e: invoice INV-2 has no lines'),
      expect.stringContaining('errors-live-e2e: invoice INV-1 has no customer'),
    ]);
    await expect(notice().count()).resolves.toBe(0);
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby') ?? document.activeElement?.tagName),
    ).resolves.toBe('list-title');
    await expect(page.evaluate(() => 'sameDocument' in window)).resolves.toBe(true);
  });

  it('logs no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
