import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

export const ADMIN_PATH = '/admin';

interface IndexPage {
  html: string;
  /** CSP sources for the page's inline bootstrap scripts, so the policy needs no 'unsafe-inline'. */
  scriptHashes: string[];
  modifiedAt: number;
}

/**
 * The built admin SPA under /admin, falling back to its index.html for client-side routes.
 * The page is re-read when a rebuild changes it, so a running API never serves stale chunk names.
 */
export class AdminApp {
  private readonly indexFile: string;
  private page: IndexPage | null = null;

  constructor(private readonly distDir: string) {
    this.indexFile = join(distDir, 'index.html');
  }

  static from(distDir: string | undefined): AdminApp | null {
    return distDir && existsSync(join(distDir, 'index.html')) ? new AdminApp(distDir) : null;
  }

  scriptHashes(): string[] {
    return this.current().scriptHashes;
  }

  serve(app: NestExpressApplication): void {
    app.use(ADMIN_PATH, express.static(this.distDir, { index: false, maxAge: '1h' }));
    app.use(ADMIN_PATH, (request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return next();
      response.setHeader('Cache-Control', 'no-cache');
      response.type('html').send(this.current().html);
    });
    app.use((request: Request, response: Response, next: NextFunction) =>
      request.method === 'GET' && request.path === '/' ? response.redirect(`${ADMIN_PATH}/`) : next(),
    );
  }

  private current(): IndexPage {
    const modifiedAt = statSync(this.indexFile).mtimeMs;
    if (this.page?.modifiedAt !== modifiedAt) {
      const html = readFileSync(this.indexFile, 'utf8');
      this.page = { html, scriptHashes: inlineScriptHashes(html), modifiedAt };
    }
    return this.page;
  }
}

function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
  );
}
