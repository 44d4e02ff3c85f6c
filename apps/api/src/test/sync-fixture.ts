import type { CreateIntegrationRequest, EntitySyncSettings, SessionDetailView } from '@syncline/contracts';
import {
  dealerColumnNames,
  dealerColumns,
  dealerMapping,
  dealerTableConnector,
  dealerTableSql,
  simulatorConnector,
  type Simulator,
} from '@syncline/simulator';
import type { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

export const SIM_TOKEN = 'sim-token';

/** Dealer stock: the simulator's `vehicle` collection ↔ a local `stock_vehicle` table. */
export const VEHICLE_MAPPING: EntitySyncSettings = dealerMapping('vehicle');

export async function createVehicleTable(dataSource: DataSource): Promise<void> {
  for (const sql of dealerTableSql('stock_vehicle', 'vehicle')) await dataSource.query(sql);
}

export function vehicleIntegration(
  sim: Simulator,
  databaseUrl: string,
  overrides: Partial<CreateIntegrationRequest> = {},
): CreateIntegrationRequest {
  return {
    key: 'dealer-stock',
    name: 'Dealer stock',
    provider: 'simulator',
    local: dealerTableConnector(databaseUrl),
    remote: { ...simulatorConnector(sim.url), timeoutMs: 2000 },
    entityTypes: ['vehicle'],
    entities: [VEHICLE_MAPPING],
    credentials: { 'remote.token': SIM_TOKEN },
    ...overrides,
  };
}

/** Live simulator records in the local shape, read over HTTP. */
export async function remoteVehicles(sim: Simulator): Promise<Map<string, Record<string, unknown>>> {
  const records = new Map<string, Record<string, unknown>>();
  let cursor: string | null = null;
  do {
    const url = `${sim.url}/vehicle?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${SIM_TOKEN}` } });
    const page = (await response.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
    for (const item of page.items) records.set(String(item.id), dealerColumns('vehicle', item));
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}

export async function localVehicles(dataSource: DataSource): Promise<Map<string, Record<string, unknown>>> {
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT id, ${dealerColumnNames('vehicle').join(', ')} FROM stock_vehicle`,
  );
  return new Map(
    rows.map(({ id, ...row }) => [String(id), { ...row, price: row.price === null ? null : Number(row.price) }]),
  );
}

/** Polls a session until it ends. */
export async function finished(
  app: TestApp,
  token: string,
  sessionId: string,
  timeoutMs = 30_000,
): Promise<SessionDetailView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await app.http().get(`/api/v1/sessions/${sessionId}`).auth(token, { type: 'bearer' }).expect(200);
    const session = body as SessionDetailView;
    if (['completed', 'partial', 'failed', 'cancelled', 'timed_out'].includes(session.status)) return session;
    if (Date.now() > deadline) throw new Error(`Session ${sessionId} still ${session.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
