import { TERMINAL_STATUSES, type SessionView } from '@syncline/contracts';
import type { SynclineClient } from '@syncline/sdk';
import { dealerMapping, dealerTableSql } from '@syncline/simulator';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { NAV_ITEMS } from '../../src/lib/navigation';
import { consoleErrors, launchBrowser, signIn } from './browser';
import { adminClient, SETTLES } from './monitoring-api';
import {
  axeViolations,
  horizontalOverflow,
  mutationControls,
  screenshot,
  settled,
  THEMES,
  VIEWPORTS,
  type ViewportName,
} from './page-checks';
import { simulatorStock, startSimulator, type RunningSimulator } from './simulator';

const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const admin = { email: inject('adminEmail'), password: inject('adminPassword') };
const viewer = { name: 'Vic Viewer', email: 'vic@example.test', password: 'viewer-password-1' };
const SEED_COUNT = 120;
const SYNC_TIMEOUT = { timeout: 60_000, interval: 250 };

/**
 * Every page of the admin app, with realistic data from the real API, worker and simulator: in light
 * and dark, on a desktop and a 375 px phone — no serious or critical axe-core finding, nothing logged
 * as an error, nothing wider than the phone; a screenshot of each into apps/admin/screenshots/. And
 * as a viewer: no control that changes anything.
 */
describe('every page of the admin app: accessible, themed, responsive, role-aware', () => {
  let simulator: RunningSimulator;
  let db: pg.Client;
  let client: SynclineClient;
  let browser: Browser;
  let adminContext: BrowserContext;
  let viewerContext: BrowserContext;
  let adminPage: Page;
  let viewerPage: Page;
  let adminErrors: string[];
  let viewerErrors: string[];
  const integrations: string[] = [];
  const tables: string[] = [];
  let stock: string;
  let completed: SessionView;

  async function createIntegration(key: string, name: string): Promise<string> {
    const table = `${key.replaceAll('-', '_')}_vehicle`;
    for (const sql of dealerTableSql(table, 'vehicle')) await db.query(sql);
    tables.push(table);
    const { id } = await client.integrations.create(
      simulatorStock(simulator.url, databaseUrl, {
        key,
        name,
        table: `${key.replaceAll('-', '_')}_{entity}`,
        schedule: '0 3 * * *',
      }),
    );
    integrations.push(id);
    return id;
  }

  /** Starts a sync through the API and waits for it to end, as the worker runs it. */
  async function runSync(integrationId: string): Promise<SessionView> {
    const { sessionId } = await client.sync.manual({ integrationId, entityType: 'vehicle', direction: 'inbound' });
    return finished(sessionId);
  }

  function finished(sessionId: string): Promise<SessionView> {
    return vi.waitFor(async () => {
      const session = await client.sessions.get(sessionId);
      expect(TERMINAL_STATUSES).toContain(session.status);
      return session;
    }, SYNC_TIMEOUT);
  }

  /** A context that may inject axe-core despite the admin app's Content-Security-Policy. */
  async function signedInPage(email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, baseUrl, email, password);
    return { context, page };
  }

  beforeAll(async () => {
    simulator = await startSimulator(SEED_COUNT);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    client = await adminClient(baseUrl, admin.email, admin.password);

    // A finished sync with records, a failed one (the remote refused the token) and the alert it raised.
    stock = await createIntegration('pages-stock', 'Dealer stock');
    // Rules every simulator vehicle keeps, so that the editor shows them and verification still passes.
    const integrity = [
      { type: 'required' as const, field: 'make' },
      { type: 'pattern' as const, field: 'stock_number', pattern: '^STK\\d+$' },
    ];
    await client.integrations.update(stock, { entities: [{ ...dealerMapping('vehicle'), integrity }] });
    completed = await runSync(stock);
    expect(completed.status).toBe('completed');
    await simulator.setFaults({ authFailureRate: 1 });
    const failed = await runSync(stock);
    await simulator.setFaults({});
    expect(failed.status).toBe('failed');
    await vi.waitFor(async () => {
      const { items } = await client.alerts.list({ integrationId: stock });
      expect(items.map((alert) => alert.sessionId)).toContain(failed.id);
    }, SETTLES);
    await client.users.create({ role: 'viewer', ...viewer });

    browser = await launchBrowser();
    ({ context: adminContext, page: adminPage } = await signedInPage(admin.email, admin.password));
    ({ context: viewerContext, page: viewerPage } = await signedInPage(viewer.email, viewer.password));
    adminErrors = consoleErrors(adminPage);
    viewerErrors = consoleErrors(viewerPage);
  });

  afterAll(async () => {
    await simulator?.setFaults({});
    // Deleting an integration deletes its sessions and alerts: the other specs start from an empty dashboard.
    for (const id of integrations) await client.integrations.remove(id);
    const viewerUser = (await client.users.list()).find((user) => user.email === viewer.email);
    if (viewerUser) await client.users.remove(viewerUser.id);
    await adminContext?.close();
    await viewerContext?.close();
    await browser?.close();
    for (const table of tables) await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db?.end();
    await simulator?.stop();
  });

  /**
   * Visits `path` in both themes and both sizes and lists what is wrong there: axe-core's serious and
   * critical findings, sideways scrolling on the phone, errors in the console. Writes the screenshots.
   */
  async function problemsOn(page: Page, errors: string[], name: string, path: string): Promise<string[]> {
    const problems: string[] = [];
    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      await page.setViewportSize(VIEWPORTS[viewport]);
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(`${baseUrl}/admin${path}`);
        await settled(page);
        const where = `${name} (${theme}, ${viewport})`;
        expect(await page.evaluate(() => document.documentElement.dataset.theme), where).toBe(theme);
        for (const finding of await axeViolations(page)) {
          problems.push(
            `${where}: ${finding.impact} ${finding.rule}: ${finding.help}\n    ${finding.nodes.join('\n    ')}`,
          );
        }
        if (viewport === 'mobile') {
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
        }
        await screenshot(page, `${name}-${theme}-${viewport}`);
      }
    }
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.emulateMedia({ colorScheme: 'light' });
    problems.push(...errors.splice(0).map((error) => `${name}: console error: ${error}`));
    return problems;
  }

  /** What a viewer sees on `path`: no control that changes anything, and nothing axe-core objects to. */
  async function viewerProblemsOn(name: string, path: string): Promise<string[]> {
    await viewerPage.goto(`${baseUrl}/admin${path}`);
    await settled(viewerPage);
    const problems = (await mutationControls(viewerPage)).map((control) => `${name} (viewer): ${control}`);
    for (const finding of await axeViolations(viewerPage)) {
      problems.push(`${name} (viewer): ${finding.impact} ${finding.rule}: ${finding.help}`);
    }
    problems.push(...viewerErrors.splice(0).map((error) => `${name} (viewer): console error: ${error}`));
    return problems;
  }

  async function checkPage(name: string, path: string): Promise<void> {
    const problems = [
      ...(await problemsOn(adminPage, adminErrors, name, path)),
      ...(await viewerProblemsOn(name, path)),
    ];
    expect(problems.join('\n')).toBe('');
  }

  /** The sub-pages a section links in its tab navigation, as the app lists them now, but the one it opens on. */
  async function tabsOf(section: string, path: string): Promise<{ name: string; path: string }[]> {
    await adminPage.goto(`${baseUrl}/admin${path}`);
    await settled(adminPage);
    const landed = new URL(adminPage.url()).pathname.replace(/^\/admin/, '');
    const links = adminPage.getByRole('navigation', { name: section }).getByRole('link');
    const tabs = await links.evaluateAll((anchors) =>
      anchors.map((anchor) => ({ label: anchor.textContent?.trim() ?? '', href: anchor.getAttribute('href') ?? '' })),
    );
    expect(tabs.length).toBeGreaterThan(1);
    return tabs
      .map(({ label, href }) => ({
        name: `${section}-${label}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        path: href.replace(/^\/admin/, ''),
      }))
      .filter((tab) => tab.path !== landed);
  }

  for (const item of NAV_ITEMS.filter((nav) => nav.path !== '/monitor')) {
    it(`checks ${item.label}`, async () => {
      await checkPage(item.label.toLowerCase(), item.path === '/' ? '/' : item.path);
    });
  }

  it('checks the Monitor with a sync running and more queued than it shows at once', async () => {
    // One worker slot, a slow remote and small batches: the first sync runs for a while, four wait.
    const config = await client.config.get();
    await client.config.put({ sync: { ...config.sync, workerConcurrency: 1 } });
    await client.integrations.update(stock, { syncSettings: { batchSize: 10 } });
    await simulator.setFaults({ latencyMs: 1500 });
    const queued: string[] = [];
    try {
      const running = await client.sync.manual({
        integrationId: stock,
        entityType: 'vehicle',
        direction: 'inbound',
        mode: 'full',
      });
      queued.push(running.sessionId);
      await vi.waitFor(
        async () => expect((await client.sessions.get(running.sessionId)).status).toBe('running'),
        SETTLES,
      );
      for (const n of [1, 2, 3, 4]) {
        const id = await createIntegration(`pages-queue-${n}`, `Queued stock ${n}`);
        queued.push(
          (await client.sync.manual({ integrationId: id, entityType: 'vehicle', direction: 'inbound' })).sessionId,
        );
      }

      await adminPage.goto(`${baseUrl}/admin/monitor`);
      const progress = adminPage.getByRole('progressbar', { name: 'Progress of pages-stock vehicle' });
      await progress.waitFor();
      const queue = adminPage.getByRole('region', { name: 'Queue' });
      await expect.poll(() => queue.getByTestId('queued-sync').count()).toBe(3);
      await queue.getByRole('button', { name: 'Show 1 more' }).click();
      await expect.poll(() => queue.getByTestId('queued-sync').count()).toBe(4);
      // What the viewer must not see, the admin does: the check below looks for the right things.
      expect(await mutationControls(adminPage)).toContain('button "Cancel the sync of pages-stock vehicle"');

      await checkPage('monitor', '/monitor');
    } finally {
      await simulator.setFaults({});
      for (const id of queued) await client.sync.cancel(id).catch(() => undefined);
      await Promise.all(queued.map((id) => finished(id)));
      await client.config.put({ sync: config.sync });
    }
  });

  it('checks a sync run in History', async () => {
    await checkPage('history-session', `/history/${completed.id}`);
  });

  it('checks an integration in the editor, and the form for a new one', async () => {
    await checkPage('config-integration', `/config/integrations/${stock}`);
    await checkPage('config-new-integration', '/config/integrations/new');
  });

  it('checks every tab of Alerts and of Settings', async () => {
    const problems: string[] = [];
    for (const [section, path] of [
      ['Alerts', '/alerts'],
      ['Settings', '/settings'],
    ] as const) {
      for (const tab of await tabsOf(section, path)) {
        problems.push(...(await problemsOn(adminPage, adminErrors, tab.name, tab.path)));
        problems.push(...(await viewerProblemsOn(tab.name, tab.path)));
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it('checks the sign-in page', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS.desktop });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      expect((await problemsOn(page, consoleErrors(page), 'login', '/login')).join('\n')).toBe('');
    } finally {
      await context.close();
    }
  });
});
