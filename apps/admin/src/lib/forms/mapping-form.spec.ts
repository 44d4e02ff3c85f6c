import type { EntitySyncSettings, FieldTransform } from '@syncline/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  entityFieldPaths,
  entityToForm,
  formatLooseValue,
  mirrorRows,
  moveRow,
  newEntityForm,
  newRow,
  newTransform,
  parseLooseValue,
  rowsFromMappings,
  toEntitySettings,
  toFieldMappings,
  toFormPath,
  transformFromForm,
  transformToForm,
} from './mapping-form';

const vehicle: EntitySyncSettings = {
  entityType: 'vehicle',
  localKey: 'id',
  remoteKey: 'stockNumber',
  direction: 'inbound',
  conflictStrategy: 'remote_wins',
  integrity: [
    { type: 'required', field: 'make' },
    { type: 'pattern', field: 'stock_number', pattern: '^STK\\d+$' },
    { type: 'reference', field: 'seller_id', entityType: 'seller' },
  ],
  toLocal: [
    { from: 'make', to: 'make', transforms: [{ type: 'trim' }, { type: 'uppercase' }] },
    {
      from: 'price',
      to: 'price',
      transforms: [
        { type: 'cast', to: 'number' },
        { type: 'round', decimals: 2 },
      ],
    },
    {
      from: 'status',
      to: 'status',
      transforms: [{ type: 'enum_map', values: { A: 'available', S: 'sold' }, fallback: 'unknown' }],
      default: 'available',
      required: true,
    },
    {
      from: 'colourCode',
      to: 'colour',
      transforms: [{ type: 'lookup', table: { '1': 'red', '2': null }, fallback: 0 }],
    },
    { from: 'listedAt', to: 'listed_on', transforms: [{ type: 'date_format', format: 'date' }] },
    { from: 'make', to: 'title', transforms: [{ type: 'template', template: '{{make}} {{model}}' }] },
    { from: 'meta.count', to: 'count', default: 0 },
  ],
  toRemote: [{ from: 'make', to: 'make' }],
};

describe('entity mapping form', () => {
  it('round-trips every transform the API supports, defaults, required flags and integrity rules', () => {
    const sut = toEntitySettings(entityToForm(vehicle), 'entities.vehicle');

    expect(sut).toEqual({
      ok: true,
      value: { entity: vehicle, rows: { toLocal: [0, 1, 2, 3, 4, 5, 6], toRemote: [0], integrity: [0, 1, 2] } },
    });
  });

  it('leaves the conflict strategy to the integration when none is chosen', () => {
    const form = newEntityForm('lead');
    form.toLocal = [newRow('name', 'name')];
    form.toRemote = [newRow('name', 'name')];

    const sut = toEntitySettings(form, 'entities.lead');

    expect(sut.ok && sut.value.entity).toEqual({
      entityType: 'lead',
      localKey: 'id',
      remoteKey: 'id',
      direction: 'bidirectional',
      toLocal: [{ from: 'name', to: 'name' }],
      toRemote: [{ from: 'name', to: 'name' }],
    });
  });

  it('requires the key fields', () => {
    const form = newEntityForm('lead');
    form.remoteKey = ' ';

    expect(toEntitySettings(form, 'entities.lead')).toEqual({
      ok: false,
      errors: { 'entities.lead.remoteKey': 'is required' },
    });
  });
});

describe('toFieldMappings', () => {
  it('skips blank rows and says which row each mapping came from', () => {
    const rows = [newRow('a', 'a'), newRow(), newRow('b', 'c')];

    expect(toFieldMappings(rows, 'mapping')).toEqual({
      ok: true,
      value: {
        mapping: [
          { from: 'a', to: 'a' },
          { from: 'b', to: 'c' },
        ],
        rows: [0, 2],
      },
    });
  });

  it('places what is missing or malformed at the row, in the API’s field paths', () => {
    const half = newRow('make', '');
    const badPath = newRow('make', 'a..b');
    const rounding = { ...newRow('price', 'price'), transforms: [newTransform('round')] };
    rounding.transforms[0].decimals = 'two';

    const sut = toFieldMappings([half, badPath, rounding], 'entities.vehicle.toLocal');

    expect(sut).toEqual({
      ok: false,
      errors: {
        'entities.vehicle.toLocal.0.to': 'is required',
        'entities.vehicle.toLocal.1.to': 'must be a field name or a dotted path, e.g. address.city',
        'entities.vehicle.toLocal.2.transforms.0.decimals': 'must be a whole number',
      },
    });
  });
});

describe('transformFromForm', () => {
  it('keeps the inputs of other types, sending only the chosen type’s', () => {
    const form = newTransform('template');
    form.template = '{{make}}';
    form.type = 'cast';
    form.castTo = 'integer';
    const errors = {};

    expect(transformFromForm(form, 't', errors)).toEqual({ type: 'cast', to: 'integer' });
    form.type = 'template';
    expect(transformFromForm(form, 't', errors)).toEqual({ type: 'template', template: '{{make}}' });
    expect(errors).toEqual({});
  });

  it('refuses a value table with a value listed twice, or none at all', () => {
    const twice = newTransform('enum_map');
    twice.pairs = [
      { from: 'A', to: 'available' },
      { from: 'A', to: 'archived' },
    ];
    const empty = newTransform('lookup');
    const errors = {};

    transformFromForm(twice, 'a', errors);
    transformFromForm(empty, 'b', errors);

    expect(errors).toEqual({ 'a.values': '“A” is listed twice.', 'b.table': 'needs at least one entry' });
  });

  it('round-trips any transform through the form', () => {
    const text = fc.string({ maxLength: 8 });
    const transform: fc.Arbitrary<FieldTransform> = fc.oneof(
      fc.constantFrom<FieldTransform>({ type: 'trim' }, { type: 'lowercase' }, { type: 'uppercase' }),
      fc.constantFrom('string', 'number', 'integer', 'boolean', 'date').map((to) => ({ type: 'cast', to }) as const),
      fc.integer({ min: 0, max: 10 }).map((decimals) => ({ type: 'round', decimals }) as const),
      fc
        .dictionary(
          text.filter((key) => key !== ''),
          text,
          { minKeys: 1 },
        )
        .map((values) => ({ type: 'enum_map', values }) as const),
      fc
        .dictionary(
          text.filter((key) => key !== ''),
          fc.jsonValue(),
          { minKeys: 1 },
        )
        .map((table) => ({ type: 'lookup', table }) as const),
      text.filter((template) => template.trim() !== '').map((template) => ({ type: 'template', template }) as const),
    );
    fc.assert(
      fc.property(transform, (original) => {
        const errors = {};
        const back = transformFromForm(transformToForm(original), 'at', errors);
        expect(errors).toEqual({});
        expect(JSON.stringify(back)).toBe(JSON.stringify(original));
      }),
    );
  });
});

describe('loose values (defaults, lookup values)', () => {
  it('reads JSON as JSON and anything else as text', () => {
    expect(parseLooseValue('12')).toBe(12);
    expect(parseLooseValue('"12"')).toBe('12');
    expect(parseLooseValue('null')).toBeNull();
    expect(parseLooseValue('Unknown')).toBe('Unknown');
  });

  it('writes back text that reads as the same value', () => {
    expect(formatLooseValue('Unknown')).toBe('Unknown');
    expect(formatLooseValue('12')).toBe('"12"');
    expect(formatLooseValue('')).toBe('""');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.stringify(parseLooseValue(formatLooseValue(value)))).toBe(JSON.stringify(value));
      }),
    );
  });
});

describe('toFormPath', () => {
  it('puts an API reason about the n-th mapping sent at the form row it came from', () => {
    const rows = [0, 2, 3];

    expect(toFormPath('mapping.1.transforms.0.decimals', 'mapping', 'entities.vehicle.toLocal', rows)).toBe(
      'entities.vehicle.toLocal.2.transforms.0.decimals',
    );
    expect(toFormPath('mapping', 'mapping', 'entities.vehicle.toLocal', rows)).toBe('entities.vehicle.toLocal');
    expect(toFormPath('entityType', 'mapping', 'x', rows)).toBeNull();
  });
});

describe('editing rows', () => {
  it('moves a row up or down, and not past either end', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('starts the other direction from this one with the fields swapped', () => {
    const rows = rowsFromMappings([{ from: 'stockNumber', to: 'stock_number', transforms: [{ type: 'trim' }] }]);

    expect(mirrorRows([...rows, newRow()]).map(({ from, to, transforms }) => ({ from, to, transforms }))).toEqual([
      { from: 'stock_number', to: 'stockNumber', transforms: [] },
    ]);
  });

  it('knows every field path of an entity, to show the API’s reasons beside', () => {
    const sut = entityFieldPaths(entityToForm(vehicle), 'entities.vehicle');

    expect(sut).toContain('entities.vehicle.toLocal.1.transforms.1.decimals');
    expect(sut).toContain('entities.vehicle.toRemote.0.from');
    expect(sut).toContain('entities.vehicle.conflictStrategy');
  });
});
