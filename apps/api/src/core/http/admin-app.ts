import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

export const ADMIN_PATH = '/admin';

/**
 * Serves the built admin SPA under /admin, falling back to its index.html for client-side routes.
 * Returns the CSP hashes of the page's inline bootstrap scripts, so the policy can stay free of 'unsafe-inline'.
 */
export function serveAdminApp(app: NestExpressApplication, distDir: string | undefined): string[] {
  const indexFile = distDir ? join(distDir, 'index.html') : undefined;
  if (!distDir || !indexFile || !existsSync(indexFile)) return [];
  const indexHtml = readFileSync(indexFile, 'utf8');
  app.use(ADMIN_PATH, express.static(distDir, { index: false, maxAge: '1h' }));
  app.use(ADMIN_PATH, (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(indexHtml);
  });
  app.use((request: Request, response: Response, next: NextFunction) =>
    request.method === 'GET' && request.path === '/' ? response.redirect(`${ADMIN_PATH}/`) : next(),
  );
  return inlineScriptHashes(indexHtml);
}

function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
  );
}
