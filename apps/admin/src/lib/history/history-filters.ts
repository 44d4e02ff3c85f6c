import {
  SESSION_STATUSES,
  SYNC_TRIGGERS,
  type IntegrationView,
  type SessionQuery,
  type SessionStatus,
  type SyncTrigger,
} from '@syncline/contracts';

/**
 * The History filters as the form and the address hold them; '' means "any". `from` and `to` are
 * calendar days (YYYY-MM-DD) in the viewer's time zone, both included.
 */
export interface HistoryFilters {
  from: string;
  to: string;
  integrationId: string;
  entityType: string;
  status: SessionStatus | '';
  trigger: SyncTrigger | '';
  recordKey: string;
}

export type SessionFilterQuery = Omit<SessionQuery, 'cursor' | 'limit'>;

/** Sync runs per page of the History table. */
export const HISTORY_PAGE_SIZE = 50;
/** Records and errors per page on a sync run's page. */
export const SESSION_LOG_PAGE_SIZE = 50;

/** The order the filters appear in the address, so the same filters always make the same URL. */
const FILTER_NAMES = [
  'from',
  'to',
  'integrationId',
  'entityType',
  'status',
  'trigger',
  'recordKey',
] as const satisfies readonly (keyof HistoryFilters)[];

export const NO_FILTERS: Readonly<HistoryFilters> = Object.freeze({
  from: '',
  to: '',
  integrationId: '',
  entityType: '',
  status: '',
  trigger: '',
  recordKey: '',
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in a hand-edited address are checked before they are sent to be refused. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Reads the filters from an address. A value the API would refuse (a malformed day or id, an
 * unknown status) is dropped rather than turning a shared link into an error page.
 */
export function filtersFromParams(params: URLSearchParams): HistoryFilters {
  const text = (name: string, maxLength: number) => (params.get(name) ?? '').trim().slice(0, maxLength);
  return {
    from: validDay(text('from', 10)),
    to: validDay(text('to', 10)),
    integrationId: isUuid(text('integrationId', 36)) ? text('integrationId', 36) : '',
    entityType: text('entityType', 64),
    status: oneOf(SESSION_STATUSES, params.get('status')),
    trigger: oneOf(SYNC_TRIGGERS, params.get('trigger')),
    recordKey: text('recordKey', 500),
  };
}

/** The address query for the filters: only those set, trimmed, in a fixed order. */
export function filtersToParams(filters: HistoryFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name].trim();
    if (value) params.set(name, value);
  }
  return params;
}

export function hasFilters(filters: HistoryFilters): boolean {
  return FILTER_NAMES.some((name) => filters[name].trim() !== '');
}

/** The API query: days become the instants the viewer's days start at; `to` (exclusive there) moves to the next day. */
export function toSessionQuery(filters: HistoryFilters): SessionFilterQuery {
  const optional = <T extends string>(value: T | '') => (value === '' ? undefined : value);
  return {
    from: filters.from ? startOfDay(filters.from, 0) : undefined,
    to: filters.to ? startOfDay(filters.to, 1) : undefined,
    integrationId: optional(filters.integrationId),
    entityType: optional(filters.entityType.trim()),
    status: optional(filters.status),
    trigger: optional(filters.trigger),
    recordKey: optional(filters.recordKey.trim()),
  };
}

/** The one rule the form checks before asking the API. */
export function dateRangeError(filters: HistoryFilters): string | undefined {
  // YYYY-MM-DD strings compare in calendar order.
  return filters.from && filters.to && filters.to < filters.from ? 'must be on or after the From day' : undefined;
}

/** Integration select options: any, then by name; an id no longer listed still shows as selected. */
export function integrationOptions(
  integrations: readonly IntegrationView[],
  selectedId: string,
): { value: string; label: string }[] {
  const options = [...integrations]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((integration) => ({ value: integration.id, label: `${integration.name} (${integration.key})` }));
  if (selectedId && !integrations.some((integration) => integration.id === selectedId)) {
    options.unshift({ value: selectedId, label: 'Unknown or deleted integration' });
  }
  return [{ value: '', label: 'All integrations' }, ...options];
}

/** Entity types to suggest: those of the chosen integration, or of all of them. */
export function entityTypeSuggestions(integrations: readonly IntegrationView[], integrationId: string): string[] {
  const chosen = integrations.filter((integration) => !integrationId || integration.id === integrationId);
  return [...new Set(chosen.flatMap((integration) => integration.entityTypes))].sort();
}

function validDay(value: string): string {
  if (!DAY.test(value)) return '';
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(year, month - 1, day);
  // Rejects days that do not exist, such as 2026-02-30.
  return date.getMonth() === month - 1 && date.getDate() === day ? value : '';
}

function startOfDay(day: string, addDays: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + addDays).toISOString();
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return values.includes(value as T) ? (value as T) : '';
}
