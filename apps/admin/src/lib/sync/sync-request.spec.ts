import type { ApiErrorBody } from '@syncline/contracts';
import { SynclineApiError } from '@syncline/sdk';
import { describe, expect, it } from 'vitest';
import {
  defaultDirection,
  initialSyncForm,
  runningSessionId,
  syncBlockedReason,
  syncableEntities,
  toManualSyncRequest,
} from './sync-request';
import { integrationView } from './test-factories';

const mapping = (entityType: string, direction?: 'inbound' | 'outbound') => ({
  entityType,
  localKey: 'id',
  remoteKey: 'id',
  toLocal: [],
  toRemote: [],
  ...(direction ? { direction } : {}),
});

function apiError(body: Partial<ApiErrorBody>): SynclineApiError {
  return new SynclineApiError({ statusCode: 409, error: 'conflict', message: '', details: [], ...body });
}

describe('syncableEntities', () => {
  it('offers only the entity types with a field mapping', () => {
    const sut = syncableEntities(integrationView({ entityTypes: ['vehicle', 'lead'], entities: [mapping('lead')] }));

    expect(sut.map((entity) => entity.entityType)).toEqual(['lead']);
  });

  it('leaves out a mapping whose entity type was removed from the integration', () => {
    const sut = syncableEntities(integrationView({ entityTypes: ['vehicle'], entities: [mapping('lead')] }));

    expect(sut).toEqual([]);
  });
});

describe('syncBlockedReason', () => {
  it('asks for a field mapping first when there is none', () => {
    expect(syncBlockedReason(integrationView({ entities: [] }))).toBe('Configure a field mapping first');
  });

  it('names a paused integration', () => {
    expect(syncBlockedReason(integrationView({ status: 'paused' }))).toContain('paused');
  });

  it('lets an active integration with a mapping sync', () => {
    expect(syncBlockedReason(integrationView())).toBeNull();
  });
});

describe('the sync form', () => {
  const integration = integrationView({ entities: [mapping('vehicle', 'inbound'), mapping('lead')] });

  it('starts with the first entity, the direction its schedule uses, incremental', () => {
    expect(initialSyncForm(integration)).toEqual({ entityType: 'vehicle', direction: 'inbound', mode: 'incremental' });
  });

  it('defaults to bidirectional when the entity sets no direction', () => {
    expect(defaultDirection(integration, 'lead')).toBe('bidirectional');
  });

  it('becomes the manual sync request of the integration', () => {
    const sut = toManualSyncRequest(integration, { entityType: 'lead', direction: 'outbound', mode: 'full' });

    expect(sut).toEqual({ integrationId: integration.id, entityType: 'lead', direction: 'outbound', mode: 'full' });
  });
});

describe('runningSessionId', () => {
  const id = '6f1d9a52-3c1e-4d5b-9a0f-1c2d3e4f5a6b';

  it('reads the session named in the 409 details', () => {
    const error = apiError({ details: [{ field: 'sessionId', reason: id }] });

    expect(runningSessionId(error)).toBe(id);
  });

  it('falls back to the session named in the message', () => {
    const error = apiError({ message: `A sync of dealer-stock vehicle is already running (session ${id})` });

    expect(runningSessionId(error)).toBe(id);
  });

  it('is null for a 409 about something else, and for other failures', () => {
    expect(runningSessionId(apiError({ message: 'Integration dealer-stock is paused' }))).toBeNull();
    expect(runningSessionId(apiError({ statusCode: 400, message: `session ${id}` }))).toBeNull();
    expect(runningSessionId(new Error(id))).toBeNull();
  });
});
