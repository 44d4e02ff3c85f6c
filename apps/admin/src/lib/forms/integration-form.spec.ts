import type { ConnectorConfig, EntitySyncSettings, IntegrationView } from '@syncline/contracts';
import { describe, expect, it } from 'vitest';
import { newIntegrityRule } from './integrity-form';
import { newEntityForm, newRow } from './mapping-form';
import {
  INTEGRATION_FORM_FIELDS,
  connectorFromForm,
  integrationErrorPath,
  integrationFormFields,
  connectorToForm,
  emptyConnectorForm,
  emptyIntegrationForm,
  integrationToForm,
  parseEntityTypes,
  toCreateRequest,
  toUpdateRequest,
  type IntegrationForm,
} from './integration-form';

const postgres: ConnectorConfig = {
  type: 'postgres',
  url: 'postgres://sync@db.local:5432/erp',
  schema: 'stock',
  table: 'vehicles',
  keyColumn: 'id',
  updatedAtColumn: 'updated_at',
};

const http: ConnectorConfig = {
  type: 'http',
  baseUrl: 'https://api.easycars.test/v2',
  collectionPath: '/{entity}s',
  keyField: 'stockNumber',
  pagination: 'page',
  pageSize: 100,
  authHeader: 'X-Api-Token',
  requestsPerSecond: 2.5,
  batchPath: '/{entity}s/batch',
  itemsField: 'data',
};

function integration(overrides: Partial<IntegrationView> = {}): IntegrationView {
  return {
    id: '3f1c',
    key: 'easycars-stock',
    name: 'EasyCars stock',
    provider: 'easycars',
    status: 'active',
    local: postgres,
    remote: http,
    entityTypes: ['vehicle', 'lead'],
    schedule: '*/15 * * * *',
    redactedFields: [],
    entities: [],
    syncSettings: {},
    credentialsSet: true,
    credentialNames: ['token'],
    credentialsRotatedAt: '2026-11-01T10:00:00.000Z',
    createdAt: '2026-10-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

function filledForm(overrides: Partial<IntegrationForm> = {}): IntegrationForm {
  return {
    ...emptyIntegrationForm(),
    key: ' easycars-stock ',
    name: 'EasyCars stock',
    provider: 'easycars',
    entityTypes: ['vehicle'],
    local: connectorToForm(postgres),
    remote: connectorToForm(http),
    ...overrides,
  };
}

describe('connector form conversion', () => {
  it.each([
    ['postgres', postgres],
    ['http', http],
    ['csv', { type: 'csv', path: '/data/sellers.csv', keyColumn: 'seller_id', delimiter: ';' }],
    ['csv with a change column', { type: 'csv', path: '/data/s.csv', keyColumn: 'id', updatedAtColumn: 'changed_at' }],
  ] as const)('round-trips a %s connector unchanged', (_type, config) => {
    const sut = connectorFromForm(connectorToForm(config), 'remote');

    expect(sut).toEqual({ ok: true, value: config });
  });

  it('leaves empty optional inputs out instead of sending empty strings', () => {
    const form = emptyConnectorForm('http');
    Object.assign(form.http, { baseUrl: 'https://x.test', collectionPath: '/items', keyField: 'id' });

    const sut = connectorFromForm(form, 'remote');

    expect(sut).toEqual({
      ok: true,
      value: {
        type: 'http',
        baseUrl: 'https://x.test',
        collectionPath: '/items',
        keyField: 'id',
        pagination: 'cursor',
      },
    });
  });

  it('only sends the fields of the selected type', () => {
    const form = connectorToForm(postgres);
    form.csv.path = '/typed/before/switching.csv';

    const sut = connectorFromForm(form, 'local');

    expect(sut.ok && sut.value).toEqual(postgres);
  });

  it('keeps what was typed for a type when switching away and back', () => {
    const form = connectorToForm(postgres);
    form.type = 'csv';
    form.type = 'postgres';

    expect(connectorFromForm(form, 'local')).toEqual({ ok: true, value: postgres });
  });

  it('names the field of a number that is not one, with its side', () => {
    const form = connectorToForm(http);
    form.http.pageSize = 'lots';

    expect(connectorFromForm(form, 'remote')).toEqual({ ok: false, errors: { 'remote.pageSize': 'must be a number' } });
  });
});

describe('parseEntityTypes', () => {
  it('splits on commas and new lines, trims and drops duplicates', () => {
    expect(parseEntityTypes(' vehicle, lead,,vehicle\ncampaign ')).toEqual(['vehicle', 'lead', 'campaign']);
  });
});

describe('toCreateRequest', () => {
  it('builds a create request with trimmed text and the credentials typed', () => {
    const sut = toCreateRequest(
      filledForm({
        credentials: [
          { name: 'token', value: ' s3cret ' },
          { name: '', value: '' },
        ],
      }),
    );

    expect(sut).toEqual({
      ok: true,
      value: {
        key: 'easycars-stock',
        name: 'EasyCars stock',
        provider: 'easycars',
        status: 'active',
        entityTypes: ['vehicle'],
        schedule: null,
        entities: [],
        syncSettings: {},
        local: postgres,
        remote: http,
        // Secrets are sent exactly as typed: whitespace may be part of them.
        credentials: { token: ' s3cret ' },
      },
    });
  });

  it('sends no credentials when none were typed', () => {
    const sut = toCreateRequest(filledForm());

    expect(sut.ok && 'credentials' in sut.value).toBe(false);
  });

  it('rejects a credential without a value', () => {
    const sut = toCreateRequest(filledForm({ credentials: [{ name: 'token', value: '' }] }));

    expect(sut).toEqual({ ok: false, errors: { credentials: 'Enter a value for “token”.' } });
  });

  it('rejects a credential name given twice', () => {
    const sut = toCreateRequest(
      filledForm({
        credentials: [
          { name: 'token', value: 'a' },
          { name: 'token', value: 'b' },
        ],
      }),
    );

    expect(sut).toEqual({ ok: false, errors: { credentials: '“token” is listed twice.' } });
  });
});

describe('toUpdateRequest', () => {
  it('keeps stored credentials by not sending any', () => {
    const sut = toUpdateRequest(integrationToForm(integration()));

    expect(sut.ok).toBe(true);
    expect(sut.ok && 'credentials' in sut.value).toBe(false);
  });

  it('clears stored credentials with null', () => {
    const form = integrationToForm(integration());
    form.credentialsMode = 'clear';

    const sut = toUpdateRequest(form);

    expect(sut.ok && sut.value.credentials).toBeNull();
  });

  it('replaces stored credentials with the new rows', () => {
    const form = integrationToForm(integration());
    form.credentialsMode = 'replace';
    form.credentials = [{ name: 'token', value: 'rotated' }];

    const sut = toUpdateRequest(form);

    expect(sut.ok && sut.value.credentials).toEqual({ token: 'rotated' });
  });

  it('sends an emptied schedule as null so the integration becomes manual-only', () => {
    const form = integrationToForm(integration());
    form.schedule = '  ';

    const sut = toUpdateRequest(form);

    expect(sut.ok && sut.value.schedule).toBeNull();
  });
});

describe('integrationToForm', () => {
  it('never carries credential values into the form', () => {
    const sut = integrationToForm(integration());

    expect(sut.credentialsMode).toBe('keep');
    expect(sut.credentials).toEqual([{ name: '', value: '' }]);
  });

  it('asks for credentials when none are stored', () => {
    expect(integrationToForm(integration({ credentialsSet: false })).credentialsMode).toBe('replace');
  });
});

describe('INTEGRATION_FORM_FIELDS', () => {
  it('lists connector fields under both sides, once each', () => {
    expect(INTEGRATION_FORM_FIELDS).toContain('remote.baseUrl');
    expect(INTEGRATION_FORM_FIELDS).toContain('local.table');
    expect(new Set(INTEGRATION_FORM_FIELDS).size).toBe(INTEGRATION_FORM_FIELDS.length);
  });
});

describe('entity mappings and sync settings in the request', () => {
  const lead: EntitySyncSettings = {
    entityType: 'lead',
    localKey: 'id',
    remoteKey: 'leadId',
    direction: 'bidirectional',
    toLocal: [{ from: 'email', to: 'email', transforms: [{ type: 'lowercase' }] }],
    toRemote: [{ from: 'email', to: 'email' }],
  };

  it('sends the stored mappings and overrides back unchanged', () => {
    const stored = integration({ entities: [lead], syncSettings: { batchSize: 50, retry: { attempts: 5 } } });

    const sut = toUpdateRequest(integrationToForm(stored));

    expect(sut.ok && sut.value.entities).toEqual([lead]);
    expect(sut.ok && sut.value.syncSettings).toEqual({ batchSize: 50, retry: { attempts: 5 } });
  });

  it('sends mappings only for the entity types still listed, in their order', () => {
    const form = integrationToForm(integration({ entities: [lead] }));
    form.entities.vehicle = newEntityForm('vehicle');
    form.entities.vehicle.toLocal = [newRow('make', 'make')];
    form.entityTypes = ['vehicle'];

    const sut = toUpdateRequest(form);

    expect(sut.ok && sut.value.entities?.map((entity) => entity.entityType)).toEqual(['vehicle']);
  });

  it('stops at the rows and settings the form can tell are wrong', () => {
    const form = integrationToForm(integration({ entities: [lead] }));
    form.entities.lead.toLocal[0].to = '';
    form.syncSettings.numbers.batchSize = 'many';

    expect(toUpdateRequest(form)).toEqual({
      ok: false,
      errors: { 'entities.lead.toLocal.0.to': 'is required', 'syncSettings.batchSize': 'must be a whole number' },
    });
  });

  it('puts the API’s reasons about the n-th entity and mapping sent at the entity type and row they came from', () => {
    const form = integrationToForm(integration({ entities: [lead] }));
    form.entities.vehicle = newEntityForm('vehicle');
    form.entities.vehicle.toLocal = [newRow(), newRow('make', 'make'), newRow('price', 'price')];
    form.entities.vehicle.integrity = [
      newIntegrityRule(),
      { ...newIntegrityRule('reference'), field: 'x', entityType: 'y' },
    ];
    form.entityTypes = ['vehicle', 'lead'];

    expect(integrationErrorPath(form, 'entities.0.toLocal.1.transforms.0.to')).toBe(
      'entities.vehicle.toLocal.2.transforms.0.to',
    );
    expect(integrationErrorPath(form, 'entities.0.integrity.0.entityType')).toBe(
      'entities.vehicle.integrity.1.entityType',
    );
    expect(integrationErrorPath(form, 'entities.1.remoteKey')).toBe('entities.lead.remoteKey');
    expect(integrationErrorPath(form, 'syncSettings.retry.attempts')).toBe('syncSettings.retry.attempts');
    expect(integrationFormFields(form)).toContain('entities.vehicle.toLocal.2.from');
    expect(integrationFormFields(form)).toContain('entities.vehicle.integrity.1.entityType');
    expect(integrationFormFields(form)).toContain('syncSettings.retry.attempts');
  });
});
