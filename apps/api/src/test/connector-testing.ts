import type { Connector, ConnectorContext, SourceRecord } from '../connectors/connector';
import { keyHash, type KeyRangeChecksum } from '../connectors/key-hash';

/** What the connector tests share: a context, and reading a whole change feed page by page. */
export const testContext = (defaults: Partial<ConnectorContext>) => {
  return (overrides: Partial<ConnectorContext> = {}): ConnectorContext => ({
    entityType: 'vehicle',
    credentials: {},
    side: 'local',
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    ...defaults,
    ...overrides,
  });
};

export async function readAll(sut: Connector, limit: number, position: string | null = null) {
  const records: SourceRecord[] = [];
  for (;;) {
    const page = await sut.listChanged(position, limit);
    records.push(...page.records);
    position = page.position;
    if (page.done) return { records, position };
  }
}

/** Key checksums computed here, the reference that PostgreSQL, the simulator and verification are held to. */
export function keyChecksums(keys: Iterable<string>, ranges: number): KeyRangeChecksum[] {
  const sums = new Map<number, { count: number; high: number; low: number }>();
  for (const key of keys) {
    const { high, low } = keyHash(key);
    const range = low & (ranges - 1);
    const sum = sums.get(range) ?? { count: 0, high: 0, low: 0 };
    sums.set(range, { count: sum.count + 1, high: (sum.high ^ high) >>> 0, low: (sum.low ^ low) >>> 0 });
  }
  const hex32 = (value: number) => value.toString(16).padStart(8, '0');
  return [...sums]
    .sort(([a], [b]) => a - b)
    .map(([range, sum]) => ({ range, count: sum.count, xor: hex32(sum.high) + hex32(sum.low) }));
}
