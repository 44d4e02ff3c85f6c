import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** What every page is checked for and photographed in: both themes, a desktop and a phone. */
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  mobile: { width: 375, height: 740 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** Git-ignored: every page in every theme and size, as the last run of the browser tests saw it. */
export const SCREENSHOTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../screenshots');

const axeSource = createRequire(import.meta.url).resolve('axe-core');

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** Where, as CSS selectors, with axe's own explanation of the first few. */
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA, and its best practices) on the page as it stands and returns the
 * serious and critical findings. The page's context must allow the injected script (`bypassCSP`).
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      nodes: violation.nodes
        .slice(0, 5)
        .map((node) => `${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
    }));
  });
  return results.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
}

/** How far the page is wider than the screen (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * Waits for what a person waits for: the page's heading, no loading placeholders, and fonts in.
 * `heading` is the h1's text where the test knows it.
 */
export async function settled(page: Page, heading?: string | RegExp): Promise<void> {
  await page
    .getByRole('heading', { level: 1, ...(heading ? { name: heading } : {}) })
    .first()
    .waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.skeleton, [aria-busy="true"]').length === 0);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/**
 * The whole page as a PNG at `<SCREENSHOTS_DIR>/<name>.png`, animations stopped at their end. Taken in
 * a window as tall as the page (then set back), so what fills the screen's height, like the sidebar,
 * fills the picture's.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = resolve(SCREENSHOTS_DIR, `${name}.png`);
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path, animations: 'disabled' });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
  return path;
}

/** Names of controls that change something: a viewer should see none of them. */
export const MUTATION_CONTROL =
  /^(sync now|start sync|cancel|retry|acknowledge|resolve|suppress|ignore|delete|remove|revoke|rotate|create|add|new|save|edit|send test|test connection|enable|disable|reset)\b/i;

/** The visible buttons and links whose names say they change something. */
export async function mutationControls(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const role of ['button', 'link'] as const) {
    const controls = page.getByRole(role, { name: MUTATION_CONTROL });
    for (const control of await controls.all()) {
      if (!(await control.isVisible())) continue;
      const name = await control.evaluate(
        (element) => element.getAttribute('aria-label') ?? element.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      );
      found.push(`${role} "${name}"`);
    }
  }
  return found;
}
