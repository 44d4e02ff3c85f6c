import { createHash } from 'node:crypto';

/**
 * Checksums over ranges of keys, so two sides can show they hold the same keys without listing them.
 * The ranges are ranges of a key hash, not of the keys' order: two systems sort text differently
 * (collations), but hash a key alike. A key's hash is the first 64 bits of the MD5 of its UTF-8 text,
 * which PostgreSQL (`md5`) and any remote API can compute; with `ranges` a power of two, a key's range
 * is the hash's low bits. A range's checksum is its count of keys and the XOR of their hashes.
 */
export interface KeyRangeChecksum {
  range: number;
  count: number;
  /** The XOR of the range's key hashes, 16 lowercase hex digits. */
  xor: string;
}

/** Ranges verification compares: a few hundred keys each at 100,000 records. */
export const KEY_RANGES = 256;

/** The first 64 bits of the MD5 of a key's UTF-8 text, as two unsigned 32-bit halves. */
export function keyHash(key: string): { high: number; low: number } {
  const digest = createHash('md5').update(key).digest();
  return { high: digest.readUInt32BE(0), low: digest.readUInt32BE(4) };
}

export function keyRange(key: string, ranges: number): number {
  return keyHash(key).low & (ranges - 1);
}

/** SQL for a text expression's key hash as a bigint (two's complement of the same 64 bits). */
export function keyHashSql(text: string): string {
  return `('x' || left(md5(${text}), 16))::bit(64)::bigint`;
}
