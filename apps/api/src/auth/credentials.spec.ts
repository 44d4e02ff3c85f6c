import { roleAtLeast, ROLES, SESSION_COOKIE } from '@syncline/contracts';
import fc from 'fast-check';
import type { Request } from 'express';
import { presentedCredential } from './credentials';

const requestWith = (headers: Record<string, string>, cookies: Record<string, string> = {}) =>
  ({ headers, cookies }) as unknown as Request;

describe('presentedCredential', () => {
  it('reads API keys from a bearer token or X-API-Key', () => {
    expect(presentedCredential(requestWith({ authorization: 'Bearer slk_abc' }))).toEqual({
      kind: 'api_key',
      key: 'slk_abc',
    });
    expect(presentedCredential(requestWith({ 'x-api-key': 'slk_abc' }))).toEqual({ kind: 'api_key', key: 'slk_abc' });
  });

  it('reads sessions from the cookie or a bearer token, bearer first', () => {
    expect(presentedCredential(requestWith({}, { [SESSION_COOKIE]: 'sls_cookie' }))).toEqual({
      kind: 'session',
      token: 'sls_cookie',
    });
    expect(
      presentedCredential(requestWith({ authorization: 'Bearer sls_bearer' }, { [SESSION_COOKIE]: 'sls_cookie' })),
    ).toEqual({
      kind: 'session',
      token: 'sls_bearer',
    });
  });

  it('ignores tokens without a known prefix', () => {
    fc.assert(
      fc.property(
        fc.string().filter((token) => !/^sl[ks]_/.test(token) && !/\s/.test(token) && token.length > 0),
        (token) => {
          expect(presentedCredential(requestWith({ authorization: `Bearer ${token}` }))).toBeNull();
        },
      ),
    );
  });
});

describe('roleAtLeast', () => {
  it('orders roles viewer < operator < admin, transitively', () => {
    const role = fc.constantFrom(...ROLES);
    fc.assert(
      fc.property(role, role, role, (a, b, c) => {
        expect(roleAtLeast(a, a)).toBe(true);
        if (roleAtLeast(a, b) && roleAtLeast(b, c)) expect(roleAtLeast(a, c)).toBe(true);
        if (a !== b) expect(roleAtLeast(a, b)).not.toBe(roleAtLeast(b, a));
      }),
    );
  });
});
