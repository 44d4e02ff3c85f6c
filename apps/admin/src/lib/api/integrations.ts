import { MAX_PAGE_SIZE, type IntegrationView } from '@syncline/contracts';
import { api } from './client';
import { collectPages } from './pages';

/** Every integration, all pages: the lists and the API-key scope picker show them whole. */
export function listAllIntegrations(): Promise<IntegrationView[]> {
  return collectPages((cursor) => api.integrations.list({ cursor, limit: MAX_PAGE_SIZE }));
}
