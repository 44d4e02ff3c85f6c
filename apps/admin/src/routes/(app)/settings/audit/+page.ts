import { roleAtLeast, type AuditQuery } from '@syncline/contracts';
import { api } from '$lib/api/client';
import type { PageLoad } from './$types';

const AUDIT_PAGE_SIZE = 50;

export const load: PageLoad = async ({ url, parent }) => {
  // Filters live in the URL so a filtered view can be bookmarked and shared.
  const query: AuditQuery = {
    action: url.searchParams.get('action') || undefined,
    targetType: url.searchParams.get('targetType') || undefined,
    limit: AUDIT_PAGE_SIZE,
  };
  const { me } = await parent();
  // Operators and admins read the audit log; a viewer gets an explanation instead of a 403.
  return { query, role: me.role, firstPage: roleAtLeast(me.role, 'operator') ? api.audit.list(query) : null };
};
