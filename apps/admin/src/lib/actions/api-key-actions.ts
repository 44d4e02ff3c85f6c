import type { ApiKeyView, CreateApiKeyRequest, CreatedApiKey } from '@syncline/contracts';
import { api } from '$lib/api/client';
import { toasts } from '$lib/state/toasts.svelte';
import type { ActionResult } from './action-result';
import { handleError } from './handle-error';

export const API_KEY_FORM_FIELDS = ['name', 'role', 'integrationIds', 'expiresAt'] as const;

/** The raw key is only in the returned value: show it once, never store it. */
export async function createApiKey(request: CreateApiKeyRequest): Promise<ActionResult<CreatedApiKey>> {
  try {
    return { ok: true, value: await api.apiKeys.create(request) };
  } catch (error) {
    return handleError(error, API_KEY_FORM_FIELDS);
  }
}

export async function revokeApiKey(key: ApiKeyView): Promise<ActionResult<void>> {
  try {
    await api.apiKeys.revoke(key.id);
    toasts.success(`API key “${key.name}” revoked. Integrations using it can no longer call Syncline.`);
    return { ok: true, value: undefined };
  } catch (error) {
    return handleError(error);
  }
}
