import { api } from '$lib/api/client';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ depends }) => {
  depends('app:notification-channels');
  return { channels: api.notificationChannels.list() };
};
