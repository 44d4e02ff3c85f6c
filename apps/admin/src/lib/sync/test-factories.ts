import type { IntegrationView, QueuedSyncView, SessionView, SyncStatusView } from '@syncline/contracts';

/** Small factories for the sync specs: a sensible default, overridden where a test cares. */
export function sessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: '6f1d9a52-3c1e-4d5b-9a0f-1c2d3e4f5a6b',
    integrationId: 'b2a5c1d0-0000-4000-8000-000000000001',
    integrationKey: 'dealer-stock',
    entityType: 'vehicle',
    direction: 'inbound',
    trigger: 'manual',
    mode: 'full',
    status: 'running',
    stage: 'apply',
    counters: { total: 200, processed: 50, created: 50, updated: 0, deleted: 0, skipped: 0, failed: 0, conflicts: 0 },
    phaseTimings: {},
    throughput: 25,
    attempt: 1,
    parentSessionId: null,
    externalRef: null,
    triggeredBy: { kind: 'user', id: null, name: 'Ada Admin' },
    statusReason: null,
    startedAt: '2026-11-23T12:00:00.000Z',
    finishedAt: null,
    durationMs: 2000,
    createdAt: '2026-11-23T12:00:00.000Z',
    updatedAt: '2026-11-23T12:00:02.000Z',
    ...overrides,
  };
}

export function statusView(overrides: Partial<SyncStatusView> = {}): SyncStatusView {
  return { active: [], pending: [], failed: [], ...overrides };
}

export function queued(position: number, session: Partial<SessionView> = {}, estimatedWaitMs = 0): QueuedSyncView {
  return {
    position,
    session: sessionView({ id: `00000000-0000-4000-8000-00000000000${position}`, status: 'queued', ...session }),
    estimatedWaitMs,
  };
}

export function integrationView(overrides: Partial<IntegrationView> = {}): IntegrationView {
  return {
    id: 'b2a5c1d0-0000-4000-8000-000000000001',
    key: 'dealer-stock',
    name: 'Dealer stock',
    provider: 'simulator',
    status: 'active',
    local: {
      type: 'postgres',
      url: 'postgres://sync@db.local/erp',
      table: 'stock_{entity}',
      keyColumn: 'id',
      updatedAtColumn: 'updated_at',
    },
    remote: {
      type: 'http',
      baseUrl: 'http://sim.test',
      collectionPath: '/{entity}',
      keyField: 'id',
      pagination: 'cursor',
    },
    entityTypes: ['vehicle', 'lead'],
    schedule: null,
    redactedFields: [],
    entities: [{ entityType: 'vehicle', localKey: 'id', remoteKey: 'id', toLocal: [], toRemote: [] }],
    syncSettings: {},
    credentialsSet: true,
    credentialNames: ['remote.token'],
    credentialsRotatedAt: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}
