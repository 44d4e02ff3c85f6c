import type { IntegrityRule } from '@syncline/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrityFieldPaths, integrityRulesToForm, newIntegrityRule, toIntegrityRules } from './integrity-form';

const AT = 'entities.vehicle.integrity';

const field = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}(\.[a-z_][a-z0-9_]{0,5})?$/);
const rule: fc.Arbitrary<IntegrityRule> = fc.oneof(
  fc.record({ type: fc.constant('required' as const), field }),
  fc.record({
    type: fc.constant('pattern' as const),
    field,
    pattern: fc.constantFrom('^STK\\d+$', '[A-Z]{2}', '.+@.+'),
  }),
  fc.record({ type: fc.constant('reference' as const), field, entityType: fc.constantFrom('seller', 'lead') }),
);

describe('integrity rules form', () => {
  it('gives back the rules it was made from, for any rules', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), (rules) => {
        const sut = toIntegrityRules(integrityRulesToForm(rules), AT);

        expect(sut).toEqual({ ok: true, value: { rules, rows: rules.map((_, index) => index) } });
      }),
    );
  });

  it('leaves blank rows out and says which row each rule came from', () => {
    const rows = [newIntegrityRule(), { ...newIntegrityRule('pattern'), field: 'stock_number', pattern: '^S' }];

    expect(toIntegrityRules(rows, AT)).toEqual({
      ok: true,
      value: { rules: [{ type: 'pattern', field: 'stock_number', pattern: '^S' }], rows: [1] },
    });
  });

  it('keeps what was typed for another type, and sends only the chosen type’s inputs', () => {
    const row = { ...newIntegrityRule('pattern'), field: 'make', pattern: '^[A-Z]', entityType: 'seller' };
    row.type = 'required';

    expect(toIntegrityRules([row], AT)).toMatchObject({
      ok: true,
      value: { rules: [{ type: 'required', field: 'make' }] },
    });
    expect(row.pattern).toBe('^[A-Z]');
  });

  it('names each problem by its row and input', () => {
    const rows = [
      { ...newIntegrityRule('pattern'), pattern: '^S' },
      { ...newIntegrityRule('pattern'), field: 'stock number', pattern: '([' },
      { ...newIntegrityRule('reference'), field: 'seller_id' },
      { ...newIntegrityRule('pattern'), field: 'vin' },
    ];

    expect(toIntegrityRules(rows, AT)).toEqual({
      ok: false,
      errors: {
        [`${AT}.0.field`]: 'is required',
        [`${AT}.1.field`]: 'must be a field name or a dotted path, e.g. address.city',
        [`${AT}.1.pattern`]: 'is not a valid regular expression',
        [`${AT}.2.entityType`]: 'is required',
        [`${AT}.3.pattern`]: 'is required, e.g. ^STK\\d+$',
      },
    });
  });

  it('lists every path a reason can be shown beside', () => {
    expect(integrityFieldPaths([newIntegrityRule()], AT)).toEqual([
      AT,
      `${AT}.0`,
      `${AT}.0.field`,
      `${AT}.0.pattern`,
      `${AT}.0.entityType`,
    ]);
  });
});
