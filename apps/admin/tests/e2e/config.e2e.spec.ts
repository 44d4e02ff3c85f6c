import type { ConfigView, IntegrationView } from '@syncline/contracts';
import type { SynclineClient } from '@syncline/sdk';
import { dealerTableSql } from '@syncline/simulator';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consoleErrors, openSignedIn, signIn } from './browser';
import { adminClient } from './monitoring-api';
import { simulatorStock, startSimulator, type RunningSimulator } from './simulator';

const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };

describe('configuring an integration: schedule, field mappings with a live preview, sync settings', () => {
  let simulator: RunningSimulator;
  let db: pg.Client;
  let client: SynclineClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let integration: IntegrationView;

  beforeAll(async () => {
    simulator = await startSimulator(20);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const sql of dealerTableSql('config_vehicle', 'vehicle')) await db.query(sql);
    client = await adminClient(baseUrl, admin.email, admin.password);
    integration = await client.integrations.create(
      simulatorStock(simulator.url, databaseUrl, {
        key: 'mapped-stock',
        name: 'Mapped stock',
        table: 'config_{entity}',
        schedule: '*/30 * * * *',
      }),
    );

    ({ browser, page } = await openSignedIn(baseUrl, admin.email, admin.password));
    errors = consoleErrors(page);
  });

  afterAll(async () => {
    // Deleting the integration deletes its sessions: the other specs start from an empty dashboard.
    if (integration) await client.integrations.remove(integration.id);
    await browser?.close();
    await db?.query('DROP TABLE IF EXISTS config_vehicle');
    await db?.end();
    await simulator?.stop();
  });

  async function openEditor() {
    await page.goto(`${baseUrl}/admin/config/integrations/${integration.id}`);
    await page.getByRole('heading', { name: 'Mapped stock', level: 1 }).waitFor();
  }

  /** The mapping row whose remote field is `field`, in the remote → local direction. */
  async function rowOf(field: string) {
    const rows = page.getByTestId('mapping-row');
    const count = await rows.count();
    for (let index = 0; index < count; index++) {
      if ((await rows.nth(index).getByRole('textbox').first().inputValue()) === field) return rows.nth(index);
    }
    throw new Error(`No mapping row reads from ${field}`);
  }

  /** What the preview shows for a field of its first sample record: the source value and the mapped one. */
  async function previewed(field: string) {
    const row = page.getByTestId('preview-record').first().locator(`tr[data-field="${field}"]`);
    await row.waitFor();
    return {
      before: JSON.parse((await row.locator('td.before').textContent()) ?? 'null') as unknown,
      after: (await row.locator('td.after').textContent())?.trim(),
      changed: (await row.getAttribute('class'))?.includes('changed') ?? false,
    };
  }

  it('previews the saved mapping on sample records, and the preview follows an edit before it is saved', async () => {
    await openEditor();
    const preview = page.getByTestId('mapping-preview');
    await preview.getByTestId('preview-record').first().waitFor();

    const before = await previewed('make');
    expect(typeof before.before).toBe('string');
    expect(before.after).toBe(JSON.stringify(before.before));
    expect(before.changed).toBe(false);

    const make = await rowOf('make');
    await make.getByText('Transforms and default').click();
    await make.getByRole('button', { name: 'Add transform' }).click();
    await make.getByLabel(/^Transform \d/).selectOption('uppercase');

    const upper = JSON.stringify(String(before.before).toUpperCase());
    await expect.poll(async () => (await previewed('make')).after, { timeout: 10_000 }).toBe(upper);
    expect((await previewed('make')).changed).toBe(true);
    // Not saved: the stored mapping is as it was.
    const stored = await client.integrations.get(integration.id);
    expect(stored.entities[0].toLocal.find((mapping) => mapping.from === 'make')?.transforms).toBeUndefined();
  });

  it('shows the API’s reason for a refused mapping at the row, and saves a valid one', async () => {
    const price = await rowOf('price');
    await price.getByText('Transforms and default').click();
    await price.getByRole('button', { name: 'Add transform' }).click();
    const step = price.getByTestId('transform').last();
    await step.getByLabel(/^Transform/).selectOption('round');
    await step.getByLabel('Decimals').fill('11');

    await step.getByText('must be <= 10').waitFor();
    await expect(step.getByLabel('Decimals').getAttribute('aria-invalid')).resolves.toBe('true');

    await step.getByLabel('Decimals').fill('0');
    await step.getByText('must be <= 10').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Integration “Mapped stock” saved.' }).waitFor();

    const stored = await client.integrations.get(integration.id);
    const toLocal = stored.entities[0].toLocal;
    expect(toLocal.find((mapping) => mapping.from === 'make')?.transforms).toEqual([{ type: 'uppercase' }]);
    expect(toLocal.find((mapping) => mapping.from === 'price')?.transforms).toEqual([
      { type: 'cast', to: 'number' },
      { type: 'round', decimals: 0 },
    ]);
  });

  it('describes the schedule and its next runs, and flags an invalid one at the field before and after saving', async () => {
    await openEditor();
    const schedule = page.getByLabel('Schedule', { exact: true });
    const preview = page.getByTestId('schedule-preview');
    await expect(preview.textContent()).resolves.toContain('Every 30 minutes');

    await schedule.fill('0 3 * * 1-5');
    await preview.getByText('At 03:00 UTC, Monday through Friday').waitFor();
    await expect(preview.getByRole('listitem').count()).resolves.toBe(3);

    const saves: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH') saves.push(request.url());
    });
    await schedule.fill('61 * * * *');
    const live = 'is not a valid cron expression (Constraint error, got value 61 expected range 0-59)';
    await page.locator('#schedule-error').getByText(live).waitFor();
    await expect(schedule.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(saves).toEqual([]);

    await schedule.fill('*/10 * * * * *');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').getByText('Please fix the highlighted fields.').waitFor();
    await page.locator('#schedule-error').getByText('must not run more often than once a minute').waitFor();
    expect(saves).toHaveLength(1);
    await expect(client.integrations.get(integration.id)).resolves.toMatchObject({ schedule: '*/30 * * * *' });
  });

  it('saves sync settings of the integration, leaving the rest to the global ones', async () => {
    await openEditor();
    await page.getByLabel('Batch size').fill('250');
    await page.getByLabel('Retry attempts').fill('5');
    await page.getByLabel('Verify after each sync').selectOption('off');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Integration “Mapped stock” saved.' }).waitFor();

    const stored = await client.integrations.get(integration.id);
    expect(stored.syncSettings).toEqual({ batchSize: 250, retry: { attempts: 5 }, verify: false });
  });

  it('edits the integrity rules checked after each sync, with the reason at the rule before saving', async () => {
    await openEditor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const first = page.getByRole('listitem', { name: 'Rule 1' });
    await first.getByLabel('Local field').fill('stock_number');
    await first.getByLabel('Rule', { exact: true }).selectOption('pattern');
    await first.getByLabel('Regular expression').fill('^STK(\\d+$');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await first.getByText('is not a valid regular expression').waitFor();
    await expect(client.integrations.get(integration.id)).resolves.toMatchObject({
      entities: [expect.not.objectContaining({ integrity: expect.anything() })],
    });

    await first.getByLabel('Regular expression').fill('^STK\\d+$');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('listitem', { name: 'Rule 2' }).getByLabel('Local field').fill('make');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Integration “Mapped stock” saved.' }).waitFor();

    const stored = await client.integrations.get(integration.id);
    expect(stored.entities[0].integrity).toEqual([
      { type: 'pattern', field: 'stock_number', pattern: '^STK\\d+$' },
      { type: 'required', field: 'make' },
    ]);
    await openEditor();
    const shown = page.getByRole('listitem', { name: 'Rule 1' });
    await expect(shown.getByLabel('Regular expression').inputValue()).resolves.toBe('^STK\\d+$');
    await page.getByRole('button', { name: 'Remove rule 2' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Integration “Mapped stock” saved.' }).last().waitFor();
    await expect
      .poll(async () => (await client.integrations.get(integration.id)).entities[0].integrity)
      .toEqual([{ type: 'pattern', field: 'stock_number', pattern: '^STK\\d+$' }]);
  });

  it('fits a 375 px wide screen and logs no errors', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await openEditor();
    await page.getByTestId('preview-record').first().waitFor();

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(errors).toEqual([]);
  });
});

describe('Settings → General: retention and the global sync settings', () => {
  let client: SynclineClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let original: ConfigView;
  const viewer = { name: 'Vera Viewer', email: 'vera@example.test', password: 'viewer-password-1' };

  beforeAll(async () => {
    client = await adminClient(baseUrl, admin.email, admin.password);
    original = await client.config.get();
    ({ browser, page } = await openSignedIn(baseUrl, admin.email, admin.password));
    errors = consoleErrors(page);
  });

  afterAll(async () => {
    // The other specs sync with the default settings.
    if (original) await client.config.put(original);
    await browser?.close();
  });

  it('shows the API’s reason at the field, then saves what an admin changes', async () => {
    await page.goto(`${baseUrl}/admin/settings`);
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'General' }).click();
    await page.getByRole('heading', { name: 'Retention' }).waitFor();
    await expect(page.getByLabel('Keep history for (days)').inputValue()).resolves.toBe(
      String(original.retention.days),
    );

    await page.getByLabel('Sync timeout (ms)').fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#sync-sessionTimeoutMs-error').getByText('must be >= 10000').waitFor();

    await page.getByLabel('Sync timeout (ms)').fill('1800000');
    await page.getByLabel('Keep history for (days)').fill('30');
    await page.getByLabel('Batch size').fill('500');
    await page.getByLabel('Resync gaps at once').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();

    const stored = await client.config.get();
    expect(stored.retention).toEqual({ days: 30 });
    expect(stored.sync).toEqual({
      ...original.sync,
      batchSize: 500,
      sessionTimeoutMs: 1_800_000,
      autoResyncGaps: true,
    });
    await page.reload();
    await expect(page.getByLabel('Keep history for (days)').inputValue()).resolves.toBe('30');
    expect(errors).toEqual([]);
  });

  it('shows a viewer the settings read-only', async () => {
    await client.users.create({ ...viewer, role: 'viewer' });
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const viewerPage = await context.newPage();
    try {
      await signIn(viewerPage, baseUrl, viewer.email, viewer.password);
      await viewerPage.goto(`${baseUrl}/admin/settings/general`);

      await viewerPage.getByText('Only admins can change these settings').waitFor();
      await expect(viewerPage.getByLabel('Batch size').isDisabled()).resolves.toBe(true);
      await expect(viewerPage.getByRole('button', { name: 'Save settings' }).count()).resolves.toBe(0);
      expect(await viewerPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      await context.close();
    }
  });
});
