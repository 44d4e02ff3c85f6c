import { describe, expect, it } from 'vitest';
import { diffRecord, formatStateValue, sameValue } from './record-diff';

describe('diffRecord', () => {
  it('marks a listed field as changed and an equal one as unchanged', () => {
    const sut = diffRecord({ price: 10, colour: 'red' }, { price: 12, colour: 'red' }, ['price']);

    expect(sut).toEqual([
      { field: 'colour', before: 'red', after: 'red', changed: false },
      { field: 'price', before: 10, after: 12, changed: true },
    ]);
  });

  it('marks a field whose values differ even when the integration did not list it', () => {
    const sut = diffRecord({ price: 10, stock: 1 }, { price: 12, stock: 1 });

    expect(sut.find((row) => row.field === 'price')?.changed).toBe(true);
    expect(sut.find((row) => row.field === 'stock')?.changed).toBe(false);
  });

  it('marks a listed field as changed even when both values are the same', () => {
    expect(diffRecord({ price: 10 }, { price: 10 }, ['price'])[0].changed).toBe(true);
  });

  it('shows fields added or removed by the sync, sorted by name', () => {
    const sut = diffRecord({ b: 1, gone: true }, { b: 1, added: 'x' });

    expect(sut.map((row) => [row.field, row.changed])).toEqual([
      ['added', true],
      ['b', false],
      ['gone', true],
    ]);
    expect(sut[0].before).toBeUndefined();
    expect(sut[2].after).toBeUndefined();
  });

  it('lists every field of a created record against an absent earlier state', () => {
    const sut = diffRecord(null, { id: 7, name: 'Ann' }, ['id', 'name']);

    expect(sut).toEqual([
      { field: 'id', before: undefined, after: 7, changed: true },
      { field: 'name', before: undefined, after: 'Ann', changed: true },
    ]);
  });

  it('has no rows when neither state was logged and nothing was listed', () => {
    expect(diffRecord(null, null)).toEqual([]);
  });

  it('counts a nested path as a change of its top-level field', () => {
    const sut = diffRecord({ address: { city: 'Oslo' } }, { address: { city: 'Bergen' } }, ['address.city']);

    expect(sut).toEqual([{ field: 'address', before: { city: 'Oslo' }, after: { city: 'Bergen' }, changed: true }]);
  });

  it('keeps a flat field whose name contains a dot', () => {
    const sut = diffRecord({ 'price.net': 5 }, { 'price.net': 6 }, ['price.net']);

    expect(sut.map((row) => row.field)).toEqual(['price.net']);
  });

  it('gives a listed field that neither state holds its own row', () => {
    const sut = diffRecord({ a: 1 }, { a: 1 }, ['secret']);

    expect(sut.at(-1)).toEqual({ field: 'secret', before: undefined, after: undefined, changed: true });
  });
});

describe('sameValue', () => {
  it('compares objects by content regardless of key order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
  });

  it('tells apart values that only look alike', () => {
    expect(sameValue('12', 12)).toBe(false);
    expect(sameValue(null, undefined)).toBe(false);
    expect(sameValue([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});

describe('formatStateValue', () => {
  it('writes values as JSON so a string and a number stay distinguishable', () => {
    expect(formatStateValue('12')).toBe('"12"');
    expect(formatStateValue(12)).toBe('12');
    expect(formatStateValue(null)).toBe('null');
    expect(formatStateValue({ city: 'Oslo', tags: [1, 2] })).toBe('{ "city": "Oslo", "tags": [ 1, 2 ] }');
  });

  it('shows an absent value as a dash', () => {
    expect(formatStateValue(undefined)).toBe('—');
  });
});
