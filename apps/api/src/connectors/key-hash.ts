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

export function keyRange(key: string, ranges: number): number {
  return createHash('md5').update(key).digest().readUInt32BE(4) & (ranges - 1);
}

/** The checksums of these keys, computed here: what a side computes where its data lives. */
export function keyChecksums(keys: Iterable<string>, ranges: number): KeyRangeChecksum[] {
  const sums = new Map<number, { count: number; high: number; low: number }>();
  for (const key of keys) {
    const digest = createHash('md5').update(key).digest();
    const high = digest.readUInt32BE(0);
    const low = digest.readUInt32BE(4);
    const range = low & (ranges - 1);
    const sum = sums.get(range) ?? { count: 0, high: 0, low: 0 };
    sums.set(range, { count: sum.count + 1, high: (sum.high ^ high) >>> 0, low: (sum.low ^ low) >>> 0 });
  }
  return [...sums]
    .sort(([a], [b]) => a - b)
    .map(([range, sum]) => ({ range, count: sum.count, xor: hex32(sum.high) + hex32(sum.low) }));
}

/** SQL for a text expression's key hash as a bigint (two's complement of the same 64 bits). */
export function keyHashSql(text: string): string {
  return `('x' || left(md5(${text}), 16))::bit(64)::bigint`;
}

const hex32 = (value: number) => value.toString(16).padStart(8, '0');
