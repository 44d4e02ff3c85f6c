import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../test/test-app';

const page = (script: string) => `<!doctype html><html><body><script>${script}</script></body></html>`;
const hashOf = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

describe('the admin app served by the API', () => {
  const dist = mkdtempSync(join(tmpdir(), 'syncline-admin-'));
  let sut: TestApp;

  beforeAll(async () => {
    writeFileSync(join(dist, 'index.html'), page('start("v1")'));
    writeFileSync(join(dist, 'app.js'), 'console.info("chunk")');
    sut = await createTestApp({ ADMIN_DIST: dist });
  });

  afterAll(async () => {
    await sut.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the SPA for every client-side route, with security headers and its inline script allowed', async () => {
    const response = await sut.http().get('/admin/config/integrations/new').expect(200);

    expect(response.text).toContain('start("v1")');
    expect(response.headers['content-security-policy']).toContain(hashOf('start("v1")'));
    expect(response.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves built assets and redirects / to the admin app', async () => {
    const asset = await sut.http().get('/admin/app.js').expect(200);
    const root = await sut.http().get('/').expect(302);

    expect(asset.text).toContain('chunk');
    expect(root.headers.location).toBe('/admin/');
  });

  it('picks up a rebuilt index.html without a restart', async () => {
    writeFileSync(join(dist, 'index.html'), page('start("v2")'));
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dist, 'index.html'), later, later);

    const response = await sut.http().get('/admin/').expect(200);

    expect(response.text).toContain('start("v2")');
    expect(response.headers['content-security-policy']).toContain(hashOf('start("v2")'));
  });

  it('keeps API routes out of the fallback', async () => {
    await sut.http().get('/api/v1/nowhere').expect(404);
  });
});
