import type { SyncSettings } from '@syncline/contracts';
import { api } from './client';

/** The global sync settings, for showing what an integration's empty settings fall back to; null when unreadable. */
export function loadGlobalSync(): Promise<SyncSettings | null> {
  return api.config
    .get()
    .then((config) => config.sync)
    .catch(() => null);
}
