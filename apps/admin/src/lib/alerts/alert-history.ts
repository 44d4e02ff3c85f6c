import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERT_TYPES,
  type AlertQuery,
  type AlertSeverity,
  type AlertStatus,
  type AlertType,
} from '@syncline/contracts';

export const ALERT_HISTORY_PAGE_SIZE = 25;

/** The History tab's filters; empty means any. They live in the address. */
export interface AlertHistoryFilters {
  status: AlertStatus | '';
  severity: AlertSeverity | '';
  type: AlertType | '';
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return values.includes(value as T) ? (value as T) : '';
}

/** Unknown values in a hand-edited address are dropped rather than sent to be refused. */
export function alertFiltersFromParams(params: URLSearchParams): AlertHistoryFilters {
  return {
    status: oneOf(ALERT_STATUSES, params.get('status')),
    severity: oneOf(ALERT_SEVERITIES, params.get('severity')),
    type: oneOf(ALERT_TYPES, params.get('type')),
  };
}

export function alertFiltersToParams(filters: AlertHistoryFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return params;
}

export function toAlertQuery(filters: AlertHistoryFilters): AlertQuery {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.severity ? { severity: filters.severity } : {}),
    ...(filters.type ? { type: filters.type } : {}),
  };
}
