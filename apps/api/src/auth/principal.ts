import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { PrincipalKind, Role } from '@syncline/contracts';
import type { Request } from 'express';

/** Who is calling: a signed-in user or an API key. */
export interface Principal {
  kind: PrincipalKind;
  id: string;
  name: string;
  role: Role;
  /** Integrations an API key is limited to; null means all (users are never limited). */
  integrationIds: string[] | null;
  /** The user session behind a cookie or session token, so logout can end it. */
  sessionId?: string;
}

/** The principal plus the request it acted in, as recorded in the audit trail. */
export interface Actor extends Principal {
  requestId: string | null;
}

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

export const IS_PUBLIC = 'syncline:public';
export const REQUIRED_ROLE = 'syncline:required-role';

/** Opens a route to callers without credentials. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The lowest role allowed on a route or controller; routes without it need `viewer`. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CurrentActor used on a public route');
  return { ...request.principal, requestId: request.id ? String(request.id) : null };
});
