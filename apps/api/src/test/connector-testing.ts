import type { Connector, ConnectorContext, SourceRecord } from '../connectors/connector';

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
