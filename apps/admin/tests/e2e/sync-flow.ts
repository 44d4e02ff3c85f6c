import type { SessionStatus } from '@syncline/contracts';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** How long a sync of the browser specs' simulator may take, queue included. */
export const SYNC_TIMEOUT_MS = 60_000;

/**
 * Fills in "Sync now" on an integration's card on the Dashboard and submits it; returns the dialog
 * (hidden once the sync was queued, or showing why not).
 */
export async function syncNowFromDashboard(
  page: Page,
  baseUrl: string,
  integration: { name: string; entityType: string },
  choice: { direction: string; mode: string },
): Promise<Locator> {
  await page.goto(`${baseUrl}/admin/`);
  const card = page.getByRole('article', { name: integration.name });
  await card.getByRole('button', { name: /^Sync now/ }).click();

  const dialog = page.getByRole('dialog', { name: `Sync ${integration.name}` });
  await expect(dialog.getByLabel('Entity type').inputValue()).resolves.toBe(integration.entityType);
  await dialog.getByLabel('Direction').selectOption(choice.direction);
  await dialog.getByLabel('Mode').selectOption(choice.mode);
  await dialog.getByRole('button', { name: 'Start sync' }).click();
  return dialog;
}

/** After "Sync now": follows the toast's link to the Monitor. */
export async function openMonitorFromToast(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'queued' }).getByRole('link', { name: 'Open Monitor' }).click();
  await page.getByRole('heading', { name: 'Monitor', level: 1 }).waitFor();
}

/** History does not update by itself: reloads it until a sync of `integrationKey` shows with this status. */
export async function historyRow(
  page: Page,
  baseUrl: string,
  integrationKey: string,
  status: SessionStatus,
): Promise<Locator> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    await page.goto(`${baseUrl}/admin/history?status=${status}`);
    await page.getByRole('heading', { name: 'History', level: 1 }).waitFor();
    const rows = page.getByTestId('session-row').filter({ hasText: integrationKey });
    await rows
      .or(page.getByRole('heading', { name: 'No sync runs match these filters' }))
      .first()
      .waitFor();
    if ((await rows.count()) > 0) return rows.first();
    if (Date.now() > deadline)
      throw new Error(`No ${status} sync of ${integrationKey} in History after ${SYNC_TIMEOUT_MS} ms`);
    await page.waitForTimeout(500);
  }
}

/**
 * A row's cells as a person reads them, whitespace collapsed. The leading selection cell of an operator's
 * table (a checkbox, or nothing on a row that cannot be selected) has no text and is left out.
 */
export async function cellTexts(row: Locator): Promise<string[]> {
  const cells = (await row.getByRole('cell').allTextContents()).map((cell) => cell.replace(/\s+/g, ' ').trim());
  return cells[0] === '' ? cells.slice(1) : cells;
}
