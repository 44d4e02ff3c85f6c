import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits behind a recognisable prefix, URL-safe. */
export function generateToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored only as digests: with 256 random bits a plain SHA-256 cannot be brute-forced. */
export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
