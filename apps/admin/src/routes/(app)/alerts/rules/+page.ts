import { api } from '$lib/api/client';
import { listAllIntegrations } from '$lib/api/integrations';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ depends }) => {
  depends('app:alert-rules');
  // Channels and integrations name what a rule watches and notifies, in the list and the editor.
  return {
    rules: Promise.all([api.alertRules.list(), api.notificationChannels.list(), listAllIntegrations()]),
  };
};
