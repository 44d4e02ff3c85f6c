// The demo integration `pnpm start` sets up: local PostgreSQL tables (database `syncline_demo`) synced
// with the bundled remote simulator every minute, so the admin app has live data from the first minute.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const require = createRequire(join(ROOT, 'apps/api/package.json'));
const { Client } = require('pg');
const { SynclineClient } = require('@syncline/sdk');
const { dealerMapping, dealerTableConnector, dealerTableSql, simulatorConnector } = require('@syncline/simulator');
const ENTITIES = ['vehicle', 'lead'];

async function createTables(databaseUrl) {
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'syncline_demo'`);
  if (rowCount === 0) await admin.query('CREATE DATABASE syncline_demo');
  await admin.end();

  server.pathname = '/syncline_demo';
  const demo = new Client({ connectionString: server.toString() });
  await demo.connect();
  for (const entityType of ENTITIES) {
    for (const sql of dealerTableSql(`dealer_${entityType}`, entityType)) await demo.query(sql);
  }
  await demo.end();
  // The connector's URL carries no password: it belongs in the integration's credentials.
  const password = decodeURIComponent(server.password);
  server.password = '';
  return { url: server.toString(), password };
}

/** Creates the demo integration once (and runs its first full syncs); later starts leave it as it is. */
export async function seedDemo({ origin, env, simulatorUrl, simulatorToken }) {
  const client = new SynclineClient({ baseUrl: origin });
  const { token } = await client.auth.login({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  const api = new SynclineClient({ baseUrl: origin, token });
  const existing = (await api.integrations.list({ limit: 100 })).items.find((item) => item.key === 'demo-dealer');
  const local = await createTables(env.DATABASE_URL);
  const settings = {
    local: dealerTableConnector(local.url, 'dealer_{entity}'),
    remote: { ...simulatorConnector(simulatorUrl), requestsPerSecond: 20 },
    credentials: { 'remote.token': simulatorToken, ...(local.password ? { 'local.password': local.password } : {}) },
  };
  if (existing) {
    // The simulator's port and token are new on every start.
    await api.integrations.update(existing.id, settings);
    return existing;
  }
  const integration = await api.integrations.create({
    key: 'demo-dealer',
    name: 'Demo dealer (simulator)',
    provider: 'simulator',
    entityTypes: ['vehicle', 'lead'],
    schedule: '* * * * *',
    entities: [
      {
        ...dealerMapping('vehicle'),
        direction: 'inbound',
        integrity: [{ type: 'pattern', field: 'stock_number', pattern: '^STK\\d+$' }],
      },
      {
        ...dealerMapping('lead'),
        direction: 'bidirectional',
        conflictStrategy: 'newest_wins',
        integrity: [{ type: 'reference', field: 'vehicle_id', entityType: 'vehicle' }],
      },
    ],
    ...settings,
  });
  for (const [entityType, direction] of [
    ['vehicle', 'inbound'],
    ['lead', 'bidirectional'],
  ]) {
    await api.sync.manual({ integrationId: integration.id, entityType, direction, mode: 'full' });
  }
  return integration;
}
