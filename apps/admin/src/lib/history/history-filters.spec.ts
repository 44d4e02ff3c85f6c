import type { IntegrationView } from '@syncline/contracts';
import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS,
  dateRangeError,
  entityTypeSuggestions,
  filtersFromParams,
  filtersToParams,
  hasFilters,
  integrationOptions,
  toSessionQuery,
  type HistoryFilters,
} from './history-filters';

const INTEGRATION_ID = '0b6f4a52-8c1e-4f0a-9a43-6a2f0f3c9d11';

function filters(overrides: Partial<HistoryFilters> = {}): HistoryFilters {
  return { ...NO_FILTERS, ...overrides };
}

function integration(overrides: Partial<IntegrationView>): IntegrationView {
  return {
    id: INTEGRATION_ID,
    key: 'easycars-stock',
    name: 'EasyCars stock',
    entityTypes: [],
    ...overrides,
  } as IntegrationView;
}

describe('filtersFromParams and filtersToParams', () => {
  it('round-trips every filter through the address', () => {
    const sut = filters({
      from: '2026-11-01',
      to: '2026-11-23',
      integrationId: INTEGRATION_ID,
      entityType: 'vehicle',
      status: 'partial',
      trigger: 'scheduled',
      recordKey: 'STK-1',
    });

    expect(filtersFromParams(filtersToParams(sut))).toEqual(sut);
  });

  it('leaves unset filters out of the address, in a fixed order', () => {
    const sut = filtersToParams(filters({ recordKey: ' r-1 ', status: 'failed' }));

    expect(sut.toString()).toBe('status=failed&recordKey=r-1');
  });

  it('drops values the API would refuse instead of failing the page', () => {
    const sut = filtersFromParams(
      new URLSearchParams('from=yesterday&to=2026-02-30&integrationId=42&status=exploded&trigger=cron'),
    );

    expect(sut).toEqual(NO_FILTERS);
  });

  it('trims free text and bounds its length', () => {
    const sut = filtersFromParams(new URLSearchParams({ entityType: '  lead ', recordKey: 'x'.repeat(600) }));

    expect(sut.entityType).toBe('lead');
    expect(sut.recordKey).toHaveLength(500);
  });
});

describe('hasFilters', () => {
  it('is false for no filters or only blanks, true as soon as one is set', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters(filters({ recordKey: '   ' }))).toBe(false);
    expect(hasFilters(filters({ trigger: 'retry' }))).toBe(true);
  });
});

describe('toSessionQuery', () => {
  it('includes both days: from their start to the start of the day after `to`', () => {
    const sut = toSessionQuery(filters({ from: '2026-11-01', to: '2026-11-23' }));

    expect(sut.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(sut.to).toBe(new Date(2026, 10, 24).toISOString());
  });

  it('crosses month ends', () => {
    expect(toSessionQuery(filters({ to: '2026-02-28' })).to).toBe(new Date(2026, 2, 1).toISOString());
  });

  it('sends only the filters that are set', () => {
    const sut = toSessionQuery(filters({ integrationId: INTEGRATION_ID, recordKey: ' r-1 ' }));

    expect(Object.fromEntries(Object.entries(sut).filter(([, value]) => value !== undefined))).toEqual({
      integrationId: INTEGRATION_ID,
      recordKey: 'r-1',
    });
  });
});

describe('dateRangeError', () => {
  it('refuses a range that ends before it starts', () => {
    expect(dateRangeError(filters({ from: '2026-11-23', to: '2026-11-01' }))).toMatch(/on or after/);
  });

  it('accepts a single day and open ranges', () => {
    expect(dateRangeError(filters({ from: '2026-11-23', to: '2026-11-23' }))).toBeUndefined();
    expect(dateRangeError(filters({ to: '2026-11-01' }))).toBeUndefined();
  });
});

describe('integrationOptions', () => {
  const integrations = [
    integration({ id: 'b', name: 'Reddit campaigns', key: 'reddit' }),
    integration({ id: 'a', name: 'EasyCars stock', key: 'easycars-stock' }),
  ];

  it('offers all integrations first, then each by name with its key', () => {
    expect(integrationOptions(integrations, '')).toEqual([
      { value: '', label: 'All integrations' },
      { value: 'a', label: 'EasyCars stock (easycars-stock)' },
      { value: 'b', label: 'Reddit campaigns (reddit)' },
    ]);
  });

  it('keeps a selected integration that is no longer listed', () => {
    expect(integrationOptions(integrations, 'gone')[1]).toEqual({
      value: 'gone',
      label: 'Unknown or deleted integration',
    });
  });
});

describe('entityTypeSuggestions', () => {
  const integrations = [
    integration({ id: 'a', entityTypes: ['vehicle', 'lead'] }),
    integration({ id: 'b', entityTypes: ['campaign', 'lead'] }),
  ];

  it('suggests every entity type once, sorted, when no integration is chosen', () => {
    expect(entityTypeSuggestions(integrations, '')).toEqual(['campaign', 'lead', 'vehicle']);
  });

  it('suggests only the chosen integration’s entity types', () => {
    expect(entityTypeSuggestions(integrations, 'b')).toEqual(['campaign', 'lead']);
  });
});
