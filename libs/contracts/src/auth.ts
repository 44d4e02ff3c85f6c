import type { Role } from './roles';

export const SESSION_COOKIE = 'syncline_session';
/** Prefixes make a leaked credential recognisable (and greppable by secret scanners). */
export const API_KEY_PREFIX = 'slk_';
export const SESSION_TOKEN_PREFIX = 'sls_';

export interface LoginRequest {
  email: string;
  password: string;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface LoginResponse {
  user: UserView;
  /** The same opaque token as the session cookie, for scripts that send `Authorization: Bearer`. */
  token: string;
  expiresAt: string;
}

export type PrincipalKind = 'user' | 'api_key';

/** Who did something: a user, an API key, or Syncline itself (a schedule, an automatic retry, a check). */
export type ActorKind = PrincipalKind | 'system';

export interface ActorView {
  kind: ActorKind;
  /** Null for Syncline itself. */
  id: string | null;
  name: string;
}

export interface MeView {
  kind: PrincipalKind;
  id: string;
  name: string;
  role: Role;
  /** Integration ids an API key is limited to; null means all. */
  integrationIds: string[] | null;
}

export interface CreateUserRequest {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  password?: string;
  disabled?: boolean;
}

export interface ApiKeyView {
  id: string;
  name: string;
  /** The first characters of the key, enough to recognise it in a list. */
  keyPreview: string;
  role: Role;
  integrationIds: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CreateApiKeyRequest {
  name: string;
  role?: Role;
  integrationIds?: string[];
  expiresAt?: string;
}

/** Returned once, when the key is created: the raw key is never shown again. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}
