import type {
  AlertNoteRequest,
  AlertPage,
  AlertQuery,
  AlertRuleInput,
  AlertRuleView,
  AlertView,
  ApiErrorBody,
  ApiKeyView,
  AuditEventView,
  AuditQuery,
  BulkErrorRequest,
  BulkErrorResponse,
  BulkSyncOutcome,
  BulkSyncRequest,
  ConfigView,
  CreateApiKeyRequest,
  CreateIntegrationRequest,
  CreateSessionRequest,
  CreateUserRequest,
  ConnectionTestResult,
  CreatedApiKey,
  CreatedNotificationChannel,
  DashboardView,
  ErrorCategory,
  ErrorDetailView,
  ErrorItemView,
  ErrorNoteRequest,
  ErrorPage,
  ErrorQuery,
  ErrorRetried,
  ErrorSeverity,
  ErrorSummaryQuery,
  ErrorSummaryView,
  HealthView,
  IntegrationHealthView,
  IntegrationView,
  LoginRequest,
  LoginResponse,
  ManualSyncRequest,
  MappingPreviewItem,
  MappingPreviewRequest,
  MeView,
  MetricSampleInput,
  MetricSeriesQuery,
  MetricSeriesView,
  MonitoringStatusView,
  NotificationChannelInput,
  NotificationChannelView,
  NotificationDeliveryView,
  Page,
  QueuedSyncView,
  RecordAction,
  RecordLogInput,
  RecordLogView,
  SeriesMetric,
  SessionDetailView,
  SessionQuery,
  SessionRetryScope,
  SessionView,
  SuppressAlertRequest,
  SyncErrorInput,
  SyncErrorView,
  SyncProgressView,
  SyncStatusView,
  SyncTriggered,
  UpdateConfigRequest,
  UpdateIntegrationRequest,
  UpdateSessionRequest,
  UpdateUserRequest,
  UserView,
} from '@syncline/contracts';

export interface SynclineClientOptions {
  /** Origin of the Syncline API, e.g. `http://localhost:3000`; empty for same-origin browser use. */
  baseUrl?: string;
  /** An API key (`slk_…`) or a session token (`sls_…`); browsers rely on the session cookie instead. */
  token?: string;
  fetch?: typeof fetch;
  /** Extra attempts after a network error, a 5xx or a 429 (default 3), with exponential backoff and jitter. */
  retries?: number;
  /** First backoff delay in milliseconds (default 500); a 429's `Retry-After` takes precedence. */
  retryDelayMs?: number;
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
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(options: SynclineClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.token = options.token;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 500;
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
    testConnection: (id: string, entityType?: string) =>
      this.request<ConnectionTestResult>('POST', `/integrations/${id}/test-connection`, { query: { entityType } }),
    previewMapping: (id: string, body: MappingPreviewRequest) =>
      this.request<{ items: MappingPreviewItem[] }>('POST', `/integrations/${id}/mappings/preview`, { body }),
    /** Both sides checked now, recent syncs and uptime: healthy, degraded or down, with the reasons. */
    health: (id: string) => this.request<IntegrationHealthView>('GET', `/integrations/${id}/health`),
  };

  /** Syncs Syncline runs: trigger, cancel, retry, and watch them. */
  readonly sync = {
    /** 202 with the session; a 409 error names the sync already queued or running. */
    manual: (body: ManualSyncRequest) => this.request<SyncTriggered>('POST', '/sync/manual', { body }),
    cancel: (sessionId: string) => this.request<SessionView>('POST', `/sync/cancel/${sessionId}`),
    retry: (sessionId: string, scope: SessionRetryScope = 'all') =>
      this.request<SyncTriggered>('POST', `/sessions/${sessionId}/retry`, { body: { scope } }),
    bulk: (body: BulkSyncRequest) => this.request<{ results: BulkSyncOutcome[] }>('POST', '/sync/bulk', { body }),
    status: () => this.request<SyncStatusView>('GET', '/sync/status'),
    progress: (sessionId: string) => this.request<SyncProgressView>('GET', `/sync/progress/${sessionId}`),
    queue: () => this.request<QueuedSyncView[]>('GET', '/sync/queue'),
  };

  /** The global configuration: sync settings and retention. */
  readonly config = {
    get: () => this.request<ConfigView>('GET', '/config'),
    /** Admins; each part given (`sync`, `retention`) replaces the stored one whole. */
    put: (body: UpdateConfigRequest) => this.request<ConfigView>('PUT', '/config', { body }),
  };

  readonly sessions = {
    /** Starts a session; the idempotency key makes retries (ours and yours) return the same session. */
    create: (body: CreateSessionRequest, idempotencyKey = randomKey()) =>
      this.request<SessionView>('POST', '/sessions', {
        body,
        headers: { 'idempotency-key': idempotencyKey },
        retry: true,
      }),
    update: (id: string, body: UpdateSessionRequest) =>
      this.request<SessionView>('PATCH', `/sessions/${id}`, { body, retry: true }),
    /** Not retried: a batch whose answer was lost may already be stored. */
    appendRecords: (id: string, records: RecordLogInput[]) =>
      this.request<{ accepted: number }>('POST', `/sessions/${id}/records`, { body: { records } }),
    addErrors: (id: string, errors: SyncErrorInput[]) =>
      this.request<{ accepted: number }>('POST', `/sessions/${id}/errors`, { body: { errors } }),
    addMetrics: (id: string, samples: MetricSampleInput[]) =>
      this.request<{ accepted: number }>('POST', `/sessions/${id}/metrics`, { body: { samples } }),
    list: (query: SessionQuery = {}) => this.request<Page<SessionView>>('GET', '/sessions', { query: { ...query } }),
    current: () => this.request<SessionView[]>('GET', '/sessions/current'),
    get: (id: string) => this.request<SessionDetailView>('GET', `/sessions/${id}`),
    records: (id: string, query: { action?: RecordAction; key?: string; cursor?: string; limit?: number } = {}) =>
      this.request<Page<RecordLogView>>('GET', `/sessions/${id}/records`, { query }),
    errors: (
      id: string,
      query: { category?: ErrorCategory; severity?: ErrorSeverity; cursor?: string; limit?: number } = {},
    ) => this.request<Page<SyncErrorView>>('GET', `/sessions/${id}/errors`, { query }),
    /** Where to download the filtered history (CSV or JSON), e.g. for a link in a browser. */
    exportUrl: (format: 'csv' | 'json', filters: Omit<SessionQuery, 'cursor' | 'limit'> = {}) =>
      `${this.baseUrl}/api/v1/sessions/export${toQueryString({ ...filters, format })}`,
    sessionExportUrl: (id: string, format: 'csv' | 'json') =>
      `${this.baseUrl}/api/v1/sessions/${id}/export${toQueryString({ format })}`,
  };

  /** Sync errors of every session, as operators triage them. */
  readonly errors = {
    /** Newest first; `q` searches the message and code. */
    list: (query: ErrorQuery = {}) => this.request<ErrorPage>('GET', '/errors', { query: { ...query } }),
    /** Open errors by category, most urgent first, each with its daily counts of the last 30 days. */
    summary: (query: ErrorSummaryQuery = {}) =>
      this.request<ErrorSummaryView>('GET', '/errors/summary', { query: { ...query } }),
    /** With the request and response excerpts, the stack trace and the session. */
    get: (id: string) => this.request<ErrorDetailView>('GET', `/errors/${id}`),
    /** Runs the error's record again in a new retry session; a 409 names a sync of the entity still running. */
    retry: (id: string) => this.request<ErrorRetried>('POST', `/errors/${id}/retry`),
    resolve: (id: string, body: ErrorNoteRequest = {}) =>
      this.request<ErrorItemView>('POST', `/errors/${id}/resolve`, { body }),
    ignore: (id: string, body: ErrorNoteRequest = {}) =>
      this.request<ErrorItemView>('POST', `/errors/${id}/ignore`, { body }),
    /** Retries, resolves or ignores up to 500 errors; each has its own outcome. */
    bulk: (body: BulkErrorRequest) => this.request<BulkErrorResponse>('POST', '/errors/bulk', { body }),
  };

  /** The overview and whether monitoring itself works. */
  readonly monitoring = {
    /** Cached by the API for a few seconds and refreshed as soon as something changes. */
    dashboard: () => this.request<DashboardView>('GET', '/dashboard'),
    /** Drops the cached dashboards (admin). */
    clearCache: () => this.request<{ cleared: number }>('DELETE', '/cache'),
    status: () => this.request<MonitoringStatusView>('GET', '/monitoring/status'),
  };

  readonly metrics = {
    /** One time series (≤ 1,000 points per dimension); the API may answer with a coarser interval. */
    series: (metric: SeriesMetric, query: MetricSeriesQuery = {}) =>
      this.request<MetricSeriesView>('GET', `/metrics/${metric}`, { query: { ...query } }),
  };

  readonly alerts = {
    /** Open alerts (firing, acknowledged, suppressed), most severe first. */
    list: (query: Omit<AlertQuery, 'cursor'> = {}) =>
      this.request<AlertPage>('GET', '/alerts', { query: { ...query } }),
    /** Every alert, newest first. */
    history: (query: AlertQuery = {}) => this.request<AlertPage>('GET', '/alerts/history', { query: { ...query } }),
    get: (id: string) => this.request<AlertView>('GET', `/alerts/${id}`),
    acknowledge: (id: string, body: AlertNoteRequest = {}) =>
      this.request<AlertView>('POST', `/alerts/${id}/acknowledge`, { body }),
    resolve: (id: string, body: AlertNoteRequest = {}) =>
      this.request<AlertView>('POST', `/alerts/${id}/resolve`, { body }),
    /** Quiet until `until` (at most 30 days ahead); it fires again then if still open. */
    suppress: (id: string, body: SuppressAlertRequest) =>
      this.request<AlertView>('POST', `/alerts/${id}/suppress`, { body }),
  };

  readonly alertRules = {
    /** With an integration: its rules and the global ones. */
    list: (query: { integrationId?: string } = {}) => this.request<AlertRuleView[]>('GET', '/alert-rules', { query }),
    get: (id: string) => this.request<AlertRuleView>('GET', `/alert-rules/${id}`),
    create: (body: AlertRuleInput) => this.request<AlertRuleView>('POST', '/alert-rules', { body }),
    update: (id: string, body: Partial<AlertRuleInput>) =>
      this.request<AlertRuleView>('PATCH', `/alert-rules/${id}`, { body }),
    /** Built-in rules cannot be deleted (409): disable them instead. */
    remove: (id: string) => this.request<void>('DELETE', `/alert-rules/${id}`),
  };

  readonly notificationChannels = {
    list: () => this.request<NotificationChannelView[]>('GET', '/notification-channels'),
    get: (id: string) => this.request<NotificationChannelView>('GET', `/notification-channels/${id}`),
    /** A webhook's signing secret is in this answer only. */
    create: (body: NotificationChannelInput) =>
      this.request<CreatedNotificationChannel>('POST', '/notification-channels', { body }),
    /** The type of a channel cannot change. */
    update: (id: string, body: Partial<NotificationChannelInput>) =>
      this.request<NotificationChannelView>('PATCH', `/notification-channels/${id}`, { body }),
    remove: (id: string) => this.request<void>('DELETE', `/notification-channels/${id}`),
    /** One real attempt now, no retry: the delivery, `sent`, or `failed` with `lastError`. */
    test: (id: string) => this.request<NotificationDeliveryView>('POST', `/notification-channels/${id}/test`),
    /** A new webhook signing secret, returned this once. */
    rotateSecret: (id: string) =>
      this.request<CreatedNotificationChannel>('POST', `/notification-channels/${id}/rotate-secret`),
    deliveries: (id: string, query: { cursor?: string; limit?: number } = {}) =>
      this.request<Page<NotificationDeliveryView>>('GET', `/notification-channels/${id}/deliveries`, { query }),
  };

  readonly audit = {
    list: (query: AuditQuery = {}) => this.request<Page<AuditEventView>>('GET', '/audit', { query: { ...query } }),
  };

  health(): Promise<HealthView> {
    return this.request<HealthView>('GET', '/health', { acceptStatuses: [503] });
  }

  /** Network errors, 5xx and 429 are retried with exponential backoff and full jitter; 429 honours Retry-After. */
  private async withRetries(send: () => Promise<Response>): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await send().catch((error: unknown) => error as Error);
      const transient = outcome instanceof Error || outcome.status >= 500 || outcome.status === 429;
      if (!transient || attempt >= this.retries) {
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }
      const retryAfterHeader = outcome instanceof Error ? null : outcome.headers.get('retry-after');
      const retryAfter = retryAfterHeader === null ? NaN : Number(retryAfterHeader);
      const backoff = Math.random() * this.retryDelayMs * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, Number.isFinite(retryAfter) ? retryAfter * 1000 : backoff));
    }
  }

  private async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const send = () =>
      this.fetchFn(`${this.baseUrl}/api/v1${path}${toQueryString(options.query)}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'include',
      });
    const retryable = options.retry ?? method === 'GET';
    const response = retryable ? await this.withRetries(send) : await send();
    if (response.status === 204) return undefined as T;
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok || options.acceptStatuses?.includes(response.status)) return payload as T;
    throw new SynclineApiError(isApiErrorBody(payload) ? payload : unexpectedError(response.status));
  }
}

interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  acceptStatuses?: number[];
  /** Safe to send again: reads, and writes the API makes idempotent. */
  retry?: boolean;
}

function randomKey(): string {
  return globalThis.crypto.randomUUID();
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
