import { loadGlobalSync } from '$lib/api/config';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({ globalSync: await loadGlobalSync() });
