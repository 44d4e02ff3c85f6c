import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, SSE_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { roleAtLeast, ROLES, type Role } from '@syncline/contracts';
import { createTestApp, type TestApp } from '../test/test-app';
import { IS_PUBLIC, REQUIRED_ROLE } from './principal';

interface Route {
  method: string;
  path: string;
  role: Role;
  isPublic: boolean;
  /** Server-Sent Events: answered with a stream that stays open (walked only where it is refused). */
  streams: boolean;
}

/** Every route the app registers, read from Nest's own metadata, so a new route is covered without editing this test. */
function routeTable(sut: TestApp): Route[] {
  const discovery = sut.app.get(DiscoveryService);
  const scanner = sut.app.get(MetadataScanner);
  const reflector = sut.app.get(Reflector);
  return discovery.getControllers().flatMap(({ instance, metatype }) => {
    const prototype = Object.getPrototypeOf(instance) as object;
    const base = String(Reflect.getMetadata(PATH_METADATA, metatype!) ?? '');
    const handlers = scanner
      .getAllMethodNames(prototype)
      .map((name) => (prototype as Record<string, () => unknown>)[name])
      .filter((handler) => Reflect.hasMetadata(METHOD_METADATA, handler));
    return handlers.map((handler) => {
      const own = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const route = [base, own].filter((part) => part && part !== '/').join('/');
      // As configureApp excludes them from the /api/v1 prefix.
      const prefix = route === 'metrics' || route.startsWith('api/') ? '' : '/api/v1';
      const path = `${prefix}/${route}`.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000').replace(/\/+/g, '/');
      const targets = [handler, metatype!];
      return {
        method,
        path,
        role: reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'viewer',
        isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
        streams: Reflect.getMetadata(SSE_METADATA, handler) === true,
      };
    });
  });
}

describe('guards on every route', () => {
  let sut: TestApp;
  let routes: Route[];

  beforeAll(async () => {
    sut = await createTestApp();
    // Logout last: it ends the session the walk uses.
    routes = routeTable(sut).sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
  });

  afterAll(() => sut.close());

  const send = (route: Route, token?: string) => {
    const call = sut.http()[route.method.toLowerCase() as 'get'](route.path);
    return token ? call.auth(token, { type: 'bearer' }).send({}) : call.send({});
  };

  it('finds the routes of every feature', () => {
    const paths = routes.map((route) => route.path);
    for (const feature of ['auth', 'users', 'api-keys', 'audit', 'integrations', 'health']) {
      expect(paths.some((path) => path.startsWith(`/api/v1/${feature}`))).toBe(true);
    }
  });

  it('only health, login and /metrics are public', () => {
    const publicRoutes = routes.filter((route) => route.isPublic).map((route) => `${route.method} ${route.path}`);

    expect(publicRoutes.sort()).toEqual(['GET /api/v1/health', 'GET /metrics', 'POST /api/v1/auth/login']);
  });

  it('answers 401 without credentials on every other route', async () => {
    for (const route of routes.filter((candidate) => !candidate.isPublic)) {
      const response = await send(route);
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
      expect(response.body.error).toBe('unauthenticated');
    }
  });

  it('answers 401 to a forged or unknown credential', async () => {
    const guarded = routes.find((route) => !route.isPublic)!;

    expect((await send(guarded, 'sls_forged')).status).toBe(401);
    expect((await send(guarded, 'slk_forged')).status).toBe(401);
    expect((await send(guarded, 'something-else')).status).toBe(401);
  });

  it.each(ROLES.filter((role) => role !== 'admin'))(
    'answers 403 to a %s on every route that needs more',
    async (role) => {
      const token = await sut.tokenFor(role);
      for (const route of routes.filter((candidate) => !candidate.isPublic)) {
        const allowed = roleAtLeast(role, route.role);
        if (allowed && route.streams) continue;
        const response = await send(route, token);
        const label = `${route.method} ${route.path}`;
        if (allowed) expect({ label, status: response.status }).not.toEqual({ label, status: 403 });
        else
          expect({ label, status: response.status, error: response.body.error }).toEqual({
            label,
            status: 403,
            error: 'forbidden',
          });
      }
    },
  );

  it('documents every route in the OpenAPI document', async () => {
    const { body } = await sut.http().get('/api/docs-json').expect(200);
    const documented = Object.entries(body.paths as Record<string, object>).flatMap(([path, operations]) =>
      Object.keys(operations).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000')}`,
      ),
    );

    for (const route of routes) expect(documented).toContain(`${route.method} ${route.path}`);
  });
});
