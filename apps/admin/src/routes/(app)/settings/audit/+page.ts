import type { AuditQuery } from '@syncline/contracts';
import { api } from '$lib/api/client';
import type { PageLoad } from './$types';

const AUDIT_PAGE_SIZE = 50;

export const load: PageLoad = ({ url }) => {
  // Filters live in the URL so a filtered view can be bookmarked and shared.
  const query: AuditQuery = {
    action: url.searchParams.get('action') || undefined,
    targetType: url.searchParams.get('targetType') || undefined,
    limit: AUDIT_PAGE_SIZE,
  };
  return { query, firstPage: api.audit.list(query) };
};
