export interface HealthCheckResult {
  status: 'up' | 'down';
  message?: string;
}

/** `GET /api/v1/health`: 200 with status `ok` when every check is up, 503 with status `error` otherwise. */
export interface HealthView {
  status: 'ok' | 'error';
  info: Record<string, HealthCheckResult>;
  error: Record<string, HealthCheckResult>;
  details: Record<string, HealthCheckResult>;
}
