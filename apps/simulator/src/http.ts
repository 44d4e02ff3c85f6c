import { STATUS_CODES } from 'node:http';
import { type FieldProblem, SimError } from './errors';
import type { Precondition } from './store';

/** The one error shape of every answer: Fastify's own, plus `details` naming fields. */
export function errorBody(statusCode: number, message: string, details?: FieldProblem[]) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details ? { details } : {}) };
}

export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * Reads `If-Match`: `*`, or entity tags such as `"3"` or `"3", "4"`. Weak tags (`W/"3"`) never
 * match, as If-Match compares strongly.
 */
export function parseIfMatch(header: string | undefined): Precondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  const versions: number[] = [];
  for (const tag of header.split(',').map((part) => part.trim())) {
    const match = /^(W\/)?"([^"]*)"$/.exec(tag);
    if (!match)
      throw new SimError(400, 'invalid If-Match', [{ field: 'If-Match', reason: 'must be * or entity tags like "3"' }]);
    if (!match[1] && /^\d+$/.test(match[2])) versions.push(Number(match[2]));
  }
  return versions;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer +(\S+)$/i.exec(authorization ?? '')?.[1];
}
