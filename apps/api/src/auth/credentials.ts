import { API_KEY_PREFIX, SESSION_COOKIE, SESSION_TOKEN_PREFIX } from '@syncline/contracts';
import type { Request } from 'express';

export type PresentedCredential = { kind: 'session'; token: string } | { kind: 'api_key'; key: string };

/** Reads the credential a request carries: the session cookie, `X-API-Key`, or a bearer token of either kind. */
export function presentedCredential(request: Request): PresentedCredential | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const apiKeyHeader = request.headers['x-api-key'];
  const cookie = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  const token = bearer ?? (typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined) ?? cookie;
  if (!token) return null;
  if (token.startsWith(API_KEY_PREFIX)) return { kind: 'api_key', key: token };
  if (token.startsWith(SESSION_TOKEN_PREFIX)) return { kind: 'session', token };
  return null;
}
