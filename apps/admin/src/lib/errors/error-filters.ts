import {
  ERROR_CATEGORIES,
  ERROR_SEVERITIES,
  ERROR_STATUSES,
  type ErrorCategory,
  type ErrorQuery,
  type ErrorSeverity,
  type ErrorStatus,
  type ErrorSummaryQuery,
} from '@syncline/contracts';
import {
  dateRangeError as historyDateRangeError,
  filtersFromParams as historyFilters,
  NO_FILTERS as NO_HISTORY_FILTERS,
  toSessionQuery,
} from '$lib/history/history-filters';

/**
 * The ErrorHandler's filters as the form and the address hold them. Open errors are shown unless
 * another status (or `any`) is chosen; '' means "any" for the rest. `from` and `to` are calendar
 * days in the viewer's time zone, both included, read and sent as History reads and sends them.
 */
export interface ErrorFilters {
  status: ErrorStatus | 'any';
  category: ErrorCategory | '';
  severity: ErrorSeverity | '';
  integrationId: string;
  from: string;
  to: string;
  /** Part of the message or code. */
  q: string;
}

export type ErrorFilterQuery = Omit<ErrorQuery, 'cursor' | 'limit'>;

/** Errors per page of the list. */
export const ERRORS_PAGE_SIZE = 50;

export const DEFAULT_ERROR_FILTERS: Readonly<ErrorFilters> = Object.freeze({
  status: 'open',
  category: '',
  severity: '',
  integrationId: '',
  from: '',
  to: '',
  q: '',
});

/** The order the filters appear in the address, so the same filters always make the same URL. */
const FILTER_NAMES = [
  'status',
  'category',
  'severity',
  'integrationId',
  'from',
  'to',
  'q',
] as const satisfies readonly (keyof ErrorFilters)[];

/** Reads the filters from an address; a value the API would refuse is dropped rather than failing the page. */
export function errorFiltersFromParams(params: URLSearchParams): ErrorFilters {
  const { from, to, integrationId } = historyFilters(params);
  const status = params.get('status');
  return {
    status: status === 'any' ? 'any' : oneOf(ERROR_STATUSES, status) || 'open',
    category: oneOf(ERROR_CATEGORIES, params.get('category')),
    severity: oneOf(ERROR_SEVERITIES, params.get('severity')),
    integrationId,
    from,
    to,
    q: (params.get('q') ?? '').trim().slice(0, 200),
  };
}

/** The address query: only what differs from the defaults, in a fixed order. */
export function errorFiltersToParams(filters: ErrorFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name].trim();
    if (value !== DEFAULT_ERROR_FILTERS[name]) params.set(name, value);
  }
  return params;
}

export function hasErrorFilters(filters: ErrorFilters): boolean {
  return FILTER_NAMES.some((name) => filters[name].trim() !== DEFAULT_ERROR_FILTERS[name]);
}

/** The list's query. */
export function toErrorQuery(filters: ErrorFilters): ErrorFilterQuery {
  const optional = <T extends string>(value: T | '') => (value.trim() === '' ? undefined : (value.trim() as T));
  return {
    status: filters.status === 'any' ? undefined : filters.status,
    category: optional(filters.category),
    severity: optional(filters.severity),
    ...toErrorSummaryQuery(filters),
    q: optional(filters.q),
  };
}

/** The summary covers the same integration and days as the list; its groups are the open errors of every category. */
export function toErrorSummaryQuery(filters: ErrorFilters): ErrorSummaryQuery {
  const { from, to } = toSessionQuery({ ...NO_HISTORY_FILTERS, from: filters.from, to: filters.to });
  return { integrationId: filters.integrationId || undefined, from, to };
}

/** The one rule the form checks before asking the API. */
export function errorDateRangeError(filters: Pick<ErrorFilters, 'from' | 'to'>): string | undefined {
  return historyDateRangeError({ ...NO_HISTORY_FILTERS, from: filters.from, to: filters.to });
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return values.includes(value as T) ? (value as T) : '';
}
