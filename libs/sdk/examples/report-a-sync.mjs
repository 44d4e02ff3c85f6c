// Reports a (simulated) stock import to Syncline: start, records in batches, an error, progress, finish.
// Usage: SYNCLINE_URL=http://localhost:3000 SYNCLINE_API_KEY=slk_… SYNCLINE_INTEGRATION_ID=<uuid> \
//        node libs/sdk/examples/report-a-sync.mjs            (after `pnpm build`)
import { SessionReporter, SynclineClient } from '../dist/index.js';

const { SYNCLINE_URL = 'http://localhost:3000', SYNCLINE_API_KEY, SYNCLINE_INTEGRATION_ID } = process.env;
if (!SYNCLINE_API_KEY || !SYNCLINE_INTEGRATION_ID) {
  console.error('Set SYNCLINE_API_KEY and SYNCLINE_INTEGRATION_ID');
  process.exit(1);
}

const syncline = new SynclineClient({ baseUrl: SYNCLINE_URL, token: SYNCLINE_API_KEY });
const vehicles = Array.from({ length: 250 }, (_, i) => ({ stock: `STK-${i}`, price: 10_000 + i * 10 }));

// The external reference makes a restarted import continue the same session instead of starting another.
const run = await SessionReporter.start(syncline, {
  integrationId: SYNCLINE_INTEGRATION_ID,
  entityType: 'vehicle',
  direction: 'inbound',
  externalRef: `stock-import-${new Date().toISOString().slice(0, 13)}`,
  total: vehicles.length,
});

let created = 0;
let failed = 0;
for (const vehicle of vehicles) {
  if (vehicle.price % 1000 === 0) {
    failed++;
    await run.record({ localKey: vehicle.stock, action: 'fail', error: 'price looks like a placeholder' });
    await run.error({
      category: 'validation',
      severity: 'warning',
      message: 'Suspicious price',
      recordKey: vehicle.stock,
    });
  } else {
    created++;
    await run.record({ localKey: vehicle.stock, remoteKey: `r-${vehicle.stock}`, action: 'create', after: vehicle });
  }
  if ((created + failed) % 100 === 0) {
    await run.progress({ stage: 'apply', counters: { processed: created + failed, created, failed } });
  }
}

const session = await run.finish({ counters: { processed: created + failed, created, failed } });
console.log(`Session ${session.id}: ${session.status}, ${session.counters.processed} records, ${failed} failed`);
