import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ERROR_FILTERS,
  errorDateRangeError,
  errorFiltersFromParams,
  errorFiltersToParams,
  hasErrorFilters,
  toErrorQuery,
  toErrorSummaryQuery,
  type ErrorFilters,
} from './error-filters';

const INTEGRATION_ID = '0b6f4a52-8c1e-4f0a-9a43-6a2f0f3c9d11';

function filters(overrides: Partial<ErrorFilters> = {}): ErrorFilters {
  return { ...DEFAULT_ERROR_FILTERS, ...overrides };
}

describe('the errors filters in the address', () => {
  it('round-trips every filter', () => {
    const sut = filters({
      status: 'ignored',
      category: 'rate_limit',
      severity: 'critical',
      integrationId: INTEGRATION_ID,
      from: '2026-11-01',
      to: '2026-11-23',
      q: 'HTTP_429',
    });

    expect(errorFiltersFromParams(errorFiltersToParams(sut))).toEqual(sut);
  });

  it('shows open errors by default and keeps the default out of the address', () => {
    expect(errorFiltersFromParams(new URLSearchParams())).toEqual(DEFAULT_ERROR_FILTERS);
    expect(errorFiltersToParams(filters()).toString()).toBe('');
    expect(errorFiltersToParams(filters({ status: 'any', q: ' price ' })).toString()).toBe('status=any&q=price');
    expect(hasErrorFilters(filters())).toBe(false);
    expect(hasErrorFilters(filters({ status: 'any' }))).toBe(true);
  });

  it('drops values the API would refuse instead of failing the page', () => {
    const sut = errorFiltersFromParams(
      new URLSearchParams({
        status: 'closed',
        category: 'gremlins',
        severity: 'fatal',
        integrationId: 'not-a-uuid',
        from: '2026-02-30',
        q: 'x'.repeat(300),
      }),
    );

    expect(sut).toEqual(filters({ q: 'x'.repeat(200) }));
  });
});

describe('the errors queries', () => {
  it('sends only the filters set; any status sends none', () => {
    expect(toErrorQuery(filters())).toEqual({ status: 'open' });
    expect(toErrorQuery(filters({ status: 'any', category: 'auth', q: '  token ' }))).toEqual({
      category: 'auth',
      q: 'token',
    });
  });

  it('turns days into the instants the viewer’s days start at, the To day included', () => {
    const query = toErrorQuery(filters({ from: '2026-11-01', to: '2026-11-23', integrationId: INTEGRATION_ID }));

    expect(query.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(query.to).toBe(new Date(2026, 10, 24).toISOString());
    expect(toErrorSummaryQuery(filters({ from: '2026-11-01', integrationId: INTEGRATION_ID }))).toEqual({
      integrationId: INTEGRATION_ID,
      from: new Date(2026, 10, 1).toISOString(),
      to: undefined,
    });
  });

  it('gives the summary no status, category or search: its groups are every open error', () => {
    expect(toErrorSummaryQuery(filters({ status: 'resolved', category: 'auth', q: 'x' }))).toEqual({
      integrationId: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('refuses a To day before the From day', () => {
    expect(errorDateRangeError({ from: '2026-11-23', to: '2026-11-01' })).toBe('must be on or after the From day');
    expect(errorDateRangeError({ from: '2026-11-01', to: '2026-11-01' })).toBeUndefined();
  });
});
