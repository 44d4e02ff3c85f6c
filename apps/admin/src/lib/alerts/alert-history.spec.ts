import { describe, expect, it } from 'vitest';
import { alertFiltersFromParams, alertFiltersToParams, toAlertQuery } from './alert-history';

describe('alert history filters', () => {
  it('reads known values from the address and drops the rest', () => {
    const sut = alertFiltersFromParams(new URLSearchParams('status=resolved&severity=loud&type=sync_failure'));

    expect(sut).toEqual({ status: 'resolved', severity: '', type: 'sync_failure' });
  });

  it('writes and queries only the filters that are set', () => {
    const filters = { status: '' as const, severity: 'critical' as const, type: '' as const };

    expect(alertFiltersToParams(filters).toString()).toBe('severity=critical');
    expect(toAlertQuery(filters)).toEqual({ severity: 'critical' });
  });
});
