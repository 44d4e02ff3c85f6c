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

/** What limits an actor to some integrations: an API key's list, or null for everyone else. */
export type IntegrationScope = Pick<Principal, 'integrationIds'>;

/** A principal in the request it made. */
export interface RequestActor extends Principal {
  requestId: string | null;
}

/** Who acts: a caller, or Syncline itself. Recorded in the audit trail. */
export type Actor = RequestActor | SystemActor;

/** Syncline itself, when a schedule, an automatic retry or a check acts: sees every integration. */
export interface SystemActor {
  kind: 'system';
  id: null;
  name: 'Syncline';
  role: 'admin';
  integrationIds: null;
  requestId: null;
}

export const SYSTEM: SystemActor = {
  kind: 'system',
  id: null,
  name: 'Syncline',
  role: 'admin',
  integrationIds: null,
  requestId: null,
};

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

export const IS_PUBLIC = 'syncline:public';
export const REQUIRED_ROLE = 'syncline:required-role';

/** Opens a route to callers without credentials. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The lowest role allowed on a route or controller; routes without it need `viewer`. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CurrentActor used on a public route');
  return { ...request.principal, requestId: request.id ? String(request.id) : null };
});
