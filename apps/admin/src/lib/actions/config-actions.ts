import type { ConfigView } from '@syncline/contracts';
import { api } from '$lib/api/client';
import {
  NUMBER_SETTINGS,
  settingsFieldPaths,
  toConfigRequest,
  type GeneralSettingsForm,
} from '$lib/forms/settings-form';
import { toasts } from '$lib/state/toasts.svelte';
import type { ActionResult } from './action-result';
import { handleError, invalidInput } from './handle-error';

export const GENERAL_SETTINGS_FIELDS = [
  'sync',
  ...settingsFieldPaths('sync', NUMBER_SETTINGS),
  'retention',
  'retention.days',
];

/** Replaces the global configuration (admins); every API and worker process picks it up within a moment. */
export async function saveGeneralSettings(form: GeneralSettingsForm): Promise<ActionResult<ConfigView>> {
  const request = toConfigRequest(form);
  if (!request.ok) return invalidInput(request.errors);
  try {
    const saved = await api.config.put(request.value);
    toasts.success('Settings saved. Every Syncline process applies them within a moment.');
    return { ok: true, value: saved };
  } catch (error) {
    return handleError(error, GENERAL_SETTINGS_FIELDS);
  }
}
