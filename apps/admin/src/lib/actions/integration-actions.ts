import type { IntegrationView } from '@syncline/contracts';
import { SynclineApiError } from '@syncline/sdk';
import { api } from '$lib/api/client';
import {
  integrationErrorPath,
  integrationFormFields,
  toCreateRequest,
  toUpdateRequest,
  type IntegrationForm,
} from '$lib/forms/integration-form';
import { toasts } from '$lib/state/toasts.svelte';
import type { ActionResult } from './action-result';
import { handleError, invalidInput } from './handle-error';

export async function createIntegration(form: IntegrationForm): Promise<ActionResult<IntegrationView>> {
  const request = toCreateRequest(form);
  if (!request.ok) return invalidInput(request.errors);
  try {
    const created = await api.integrations.create(request.value);
    toasts.success(`Integration “${created.name}” created.`);
    return { ok: true, value: created };
  } catch (error) {
    return handleError(atFormPaths(error, form), integrationFormFields(form));
  }
}

export async function updateIntegration(id: string, form: IntegrationForm): Promise<ActionResult<IntegrationView>> {
  const request = toUpdateRequest(form);
  if (!request.ok) return invalidInput(request.errors);
  try {
    const updated = await api.integrations.update(id, request.value);
    toasts.success(`Integration “${updated.name}” saved.`);
    return { ok: true, value: updated };
  } catch (error) {
    return handleError(atFormPaths(error, form), integrationFormFields(form));
  }
}

export async function deleteIntegration(integration: IntegrationView): Promise<ActionResult<void>> {
  try {
    await api.integrations.remove(integration.id);
    toasts.success(`Integration “${integration.name}” deleted.`);
    return { ok: true, value: undefined };
  } catch (error) {
    return handleError(error);
  }
}

/** The API names entities and mappings by their index in the request; the form by entity type and row. */
function atFormPaths(error: unknown, form: IntegrationForm): unknown {
  if (!(error instanceof SynclineApiError)) return error;
  const details = (error.body.details ?? []).map((detail) => ({
    ...detail,
    field: integrationErrorPath(form, detail.field),
  }));
  return new SynclineApiError({ ...error.body, details });
}
