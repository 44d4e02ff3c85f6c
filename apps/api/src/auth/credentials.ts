import { API_KEY_PREFIX, SESSION_COOKIE, SESSION_TOKEN_PREFIX } from '@syncline/contracts';
import { parse as parseCookies } from 'cookie';
import type { Request } from 'express';
import type { IncomingHttpHeaders } from 'node:http';

export type PresentedCredential = { kind: 'session'; token: string } | { kind: 'api_key'; key: string };

/** Reads the credential a request carries: the session cookie, `X-API-Key`, or a bearer token of either kind. */
export function presentedCredential(request: Request): PresentedCredential | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const apiKeyHeader = request.headers['x-api-key'];
  const cookie = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return credentialOf(bearer ?? (typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined) ?? cookie);
}

/**
 * The credential of a Socket.IO handshake: a token in its `auth` payload (clients that cannot set
 * headers, such as browsers' WebSockets), else the request's headers and cookie as for HTTP.
 */
export function handshakeCredential(handshake: {
  auth: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}): PresentedCredential | null {
  const token = handshake.auth.token;
  if (typeof token === 'string') return credentialOf(token);
  const cookies = parseCookies(handshake.headers.cookie ?? '');
  return presentedCredential({ headers: handshake.headers, cookies } as unknown as Request);
}

function credentialOf(token: string | undefined): PresentedCredential | null {
  if (!token) return null;
  if (token.startsWith(API_KEY_PREFIX)) return { kind: 'api_key', key: token };
  if (token.startsWith(SESSION_TOKEN_PREFIX)) return { kind: 'session', token };
  return null;
}
