import type {
  EntitySyncSettings,
  IntegrationView,
  ManualSyncRequest,
  SyncDirection,
  SyncMode,
} from '@syncline/contracts';
import { SynclineApiError } from '@syncline/sdk';

/** The choices of the "Sync now" form. */
export interface SyncForm {
  entityType: string;
  direction: SyncDirection;
  mode: SyncMode;
}

export const SYNC_FORM_FIELDS = ['entityType', 'direction', 'mode'] as const;

export const DIRECTION_OPTIONS: readonly { value: SyncDirection; label: string }[] = [
  { value: 'inbound', label: 'Inbound (remote → local)' },
  { value: 'outbound', label: 'Outbound (local → remote)' },
  { value: 'bidirectional', label: 'Bidirectional' },
];

export const MODE_OPTIONS: readonly { value: SyncMode; label: string }[] = [
  { value: 'incremental', label: 'Incremental' },
  { value: 'full', label: 'Full' },
];

export const MODE_HINTS: Record<SyncMode, string> = {
  incremental: 'Only the records that changed since the last sync.',
  full: 'Every record of both sides; slower, and finds records deleted on the remote side.',
};

/** The entity types that can be synced: those with a field mapping (the API refuses the others). */
export function syncableEntities(integration: IntegrationView): EntitySyncSettings[] {
  return integration.entities.filter((entity) => integration.entityTypes.includes(entity.entityType));
}

/** Why "Sync now" cannot be used for this integration, or null when it can. */
export function syncBlockedReason(integration: IntegrationView): string | null {
  if (syncableEntities(integration).length === 0) return 'Configure a field mapping first';
  if (integration.status !== 'active') return `The integration is ${integration.status}; activate it first`;
  return null;
}

/** The direction scheduled syncs of this entity use, so a manual sync does the same unless told otherwise. */
export function defaultDirection(integration: IntegrationView, entityType: string): SyncDirection {
  return integration.entities.find((entity) => entity.entityType === entityType)?.direction ?? 'bidirectional';
}

/** The form as it opens: the first syncable entity, its usual direction, an incremental run. */
export function initialSyncForm(integration: IntegrationView): SyncForm {
  const entityType = syncableEntities(integration)[0]?.entityType ?? '';
  return { entityType, direction: defaultDirection(integration, entityType), mode: 'incremental' };
}

export function toManualSyncRequest(integration: IntegrationView, form: SyncForm): ManualSyncRequest {
  return { integrationId: integration.id, entityType: form.entityType, direction: form.direction, mode: form.mode };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The session a 409 from `sync.manual` names: the sync of that entity already queued or running.
 * The API puts it in the `sessionId` detail and in the message; null for any other failure.
 */
export function runningSessionId(error: unknown): string | null {
  if (!(error instanceof SynclineApiError) || error.status !== 409) return null;
  const detail = error.reasonFor('sessionId');
  if (detail && UUID.test(detail)) return detail;
  return UUID.exec(error.message)?.[0] ?? null;
}
