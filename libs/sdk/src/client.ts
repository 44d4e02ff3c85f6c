import type {
  ApiErrorBody,
  ApiKeyView,
  AuditEventView,
  AuditQuery,
  CreateApiKeyRequest,
  CreateIntegrationRequest,
  CreateUserRequest,
  CreatedApiKey,
  HealthView,
  IntegrationView,
  LoginRequest,
  LoginResponse,
  MeView,
  Page,
  UpdateIntegrationRequest,
  UpdateUserRequest,
  UserView,
} from '@syncline/contracts';

export interface SynclineClientOptions {
  /** Origin of the Syncline API, e.g. `http://localhost:3000`; empty for same-origin browser use. */
  baseUrl?: string;
  /** An API key (`slk_…`) or a session token (`sls_…`); browsers rely on the session cookie instead. */
  token?: string;
  fetch?: typeof fetch;
}

/** Thrown for every non-2xx answer, carrying the API's error body. */
export class SynclineApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'SynclineApiError';
  }

  get status(): number {
    return this.body.statusCode;
  }

  /** The reason given for one input field, for showing it beside that field. */
  reasonFor(field: string): string | undefined {
    return this.body.details.find((detail) => detail.field === field)?.reason;
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export class SynclineClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly token: string | undefined;

  constructor(options: SynclineClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.token = options.token;
  }

  readonly auth = {
    login: (body: LoginRequest) => this.request<LoginResponse>('POST', '/auth/login', { body }),
    logout: () => this.request<void>('POST', '/auth/logout'),
    me: () => this.request<MeView>('GET', '/auth/me'),
  };

  readonly users = {
    list: () => this.request<UserView[]>('GET', '/users'),
    create: (body: CreateUserRequest) => this.request<UserView>('POST', '/users', { body }),
    update: (id: string, body: UpdateUserRequest) => this.request<UserView>('PATCH', `/users/${id}`, { body }),
    remove: (id: string) => this.request<void>('DELETE', `/users/${id}`),
  };

  readonly apiKeys = {
    list: () => this.request<ApiKeyView[]>('GET', '/api-keys'),
    create: (body: CreateApiKeyRequest) => this.request<CreatedApiKey>('POST', '/api-keys', { body }),
    revoke: (id: string) => this.request<void>('DELETE', `/api-keys/${id}`),
  };

  readonly integrations = {
    list: (query: { cursor?: string; limit?: number; status?: string } = {}) =>
      this.request<Page<IntegrationView>>('GET', '/integrations', { query }),
    get: (id: string) => this.request<IntegrationView>('GET', `/integrations/${id}`),
    create: (body: CreateIntegrationRequest) => this.request<IntegrationView>('POST', '/integrations', { body }),
    update: (id: string, body: UpdateIntegrationRequest) =>
      this.request<IntegrationView>('PATCH', `/integrations/${id}`, { body }),
    remove: (id: string) => this.request<void>('DELETE', `/integrations/${id}`),
  };

  readonly audit = {
    list: (query: AuditQuery = {}) => this.request<Page<AuditEventView>>('GET', '/audit', { query: { ...query } }),
  };

  health(): Promise<HealthView> {
    return this.request<HealthView>('GET', '/health', { acceptStatuses: [503] });
  }

  private async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: Query; acceptStatuses?: number[] } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await this.fetchFn(`${this.baseUrl}/api/v1${path}${toQueryString(options.query)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'include',
    });
    if (response.status === 204) return undefined as T;
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok || options.acceptStatuses?.includes(response.status)) return payload as T;
    throw new SynclineApiError(isApiErrorBody(payload) ? payload : unexpectedError(response.status));
  }
}

function toQueryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isApiErrorBody(payload: unknown): payload is ApiErrorBody {
  return typeof payload === 'object' && payload !== null && 'statusCode' in payload && 'message' in payload;
}

function unexpectedError(statusCode: number): ApiErrorBody {
  return { statusCode, error: 'internal', message: `Unexpected response (HTTP ${statusCode})`, details: [] };
}
