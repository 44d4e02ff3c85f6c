import type { FieldMapping, FieldTransform } from '@syncline/contracts';
import fc from 'fast-check';
import { applyMapping, applyTransform, readPath } from './field-mapping';

const aTransform: fc.Arbitrary<FieldTransform> = fc.oneof(
  fc.record({
    type: fc.constant('cast' as const),
    to: fc.constantFrom('string', 'number', 'integer', 'boolean', 'date' as const),
  }),
  fc.record({ type: fc.constant('round' as const), decimals: fc.integer({ min: 0, max: 4 }) }),
  fc.record({
    type: fc.constant('date_format' as const),
    format: fc.constantFrom('iso', 'date', 'epoch_ms', 'epoch_s' as const),
  }),
  fc.record({ type: fc.constant('enum_map' as const), values: fc.dictionary(fc.string(), fc.string()) }),
  fc.record({ type: fc.constant('template' as const), template: fc.string() }),
  fc.constantFrom<FieldTransform>({ type: 'trim' }, { type: 'lowercase' }, { type: 'uppercase' }),
);
const aPath = fc
  .array(fc.constantFrom('a', 'b', 'price', 'x'), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('.'));
const aMapping: fc.Arbitrary<FieldMapping> = fc.record(
  {
    from: aPath,
    to: aPath,
    transforms: fc.array(aTransform, { maxLength: 3 }),
    default: fc.jsonValue(),
    required: fc.boolean(),
  },
  { requiredKeys: ['from', 'to'] },
);
const aSource = fc.dictionary(fc.constantFrom('a', 'b', 'price', 'x'), fc.jsonValue()) as fc.Arbitrary<
  Record<string, unknown>
>;

describe('applyMapping', () => {
  it('never throws, whatever the record and the mappings; every problem names a target field', () => {
    fc.assert(
      fc.property(aSource, fc.array(aMapping, { maxLength: 6 }), (source, mappings) => {
        const { problems } = applyMapping(source, mappings);
        for (const problem of problems) expect(mappings.map((m) => m.to)).toContain(problem.field);
      }),
    );
  });

  it('never changes the source record, even when mappings write below a copied object', () => {
    fc.assert(
      fc.property(aSource, fc.array(aMapping, { maxLength: 6 }), (source, mappings) => {
        const before = structuredClone(source);
        applyMapping(source, mappings);
        expect(source).toEqual(before);
      }),
    );
    const source = { b: { x: 1 } };
    applyMapping(source, [
      { from: 'b', to: 'a' },
      { from: 'b', to: 'a.x' },
    ]);
    expect(source).toEqual({ b: { x: 1 } });
  });

  it('copies values unchanged through mappings without transforms', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.jsonValue()), (source) => {
        const mappings = Object.keys(source).map((name) => ({ from: name, to: `copy.${name}` }));
        const { record, problems } = applyMapping(source, mappings);
        expect(problems).toEqual([]);
        for (const name of Object.keys(source)) expect(readPath(record, `copy.${name}`)).toEqual(source[name]);
      }),
    );
  });

  it('maps a dealer vehicle to the remote shape', () => {
    const mappings: FieldMapping[] = [
      {
        from: 'stock_number',
        to: 'stockNumber',
        transforms: [{ type: 'trim' }, { type: 'uppercase' }],
        required: true,
      },
      { from: 'price_cents', to: 'price.amount', transforms: [{ type: 'cast', to: 'number' }] },
      {
        from: 'status',
        to: 'state',
        transforms: [{ type: 'enum_map', values: { A: 'available', S: 'sold' }, fallback: 'unknown' }],
      },
      { from: 'listed_at', to: 'listedOn', transforms: [{ type: 'date_format', format: 'date' }] },
      { from: 'make', to: 'title', transforms: [{ type: 'template', template: '{{year}} {{make}} {{model}}' }] },
      { from: 'currency', to: 'price.currency', default: 'AUD' },
    ];
    const source = {
      stock_number: ' stk-9 ',
      price_cents: '1299000',
      status: 'S',
      listed_at: '2026-11-20T09:30:00Z',
      make: 'Mazda',
      model: 'CX-5',
      year: 2021,
    };

    expect(applyMapping(source, mappings)).toEqual({
      record: {
        stockNumber: 'STK-9',
        price: { amount: 1299000, currency: 'AUD' },
        state: 'sold',
        listedOn: '2026-11-20',
        title: '2021 Mazda CX-5',
      },
      problems: [],
    });
  });

  it('reports each value it cannot convert, and a required field left empty', () => {
    const mappings: FieldMapping[] = [
      { from: 'year', to: 'year', transforms: [{ type: 'cast', to: 'integer' }] },
      { from: 'status', to: 'state', transforms: [{ type: 'enum_map', values: { A: 'available' } }] },
      { from: 'vin', to: 'vin', required: true },
    ];

    expect(applyMapping({ year: '20.5', status: 'X' }, mappings).problems).toEqual([
      { field: 'year', reason: '"20.5" is not a whole number' },
      { field: 'state', reason: 'has no mapping for "X"' },
      { field: 'vin', reason: 'is required but vin is empty' },
    ]);
  });
});

describe('applyTransform', () => {
  it('casts any finite number to text and back unchanged', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = applyTransform(n, { type: 'cast', to: 'string' }, {});
        expect(text.ok && applyTransform(text.value, { type: 'cast', to: 'number' }, {})).toEqual({
          ok: true,
          value: n === 0 ? 0 : n,
        });
      }),
    );
  });

  it('formats any valid date to epoch milliseconds and back to the same ISO time', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('9999-12-31') }), (date) => {
        const epoch = applyTransform(date.toISOString(), { type: 'date_format', format: 'epoch_ms' }, {});
        expect(epoch.ok && applyTransform(epoch.value, { type: 'date_format', format: 'iso' }, {})).toEqual({
          ok: true,
          value: date.toISOString(),
        });
      }),
    );
  });

  it('always maps a value when an enum map has a fallback', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.string()), fc.string(), (value, values, fallback) => {
        expect(applyTransform(value, { type: 'enum_map', values, fallback }, {}).ok).toBe(true);
      }),
    );
  });
});
