import { describe, expect, it } from 'vitest';
import { previewRecords, readPath, rowProblems } from './mapping-preview';

const sent = {
  mapping: [
    { from: 'make', to: 'make', transforms: [{ type: 'uppercase' as const }] },
    { from: 'year', to: 'year' },
    { from: 'status', to: 'status' },
  ],
  rows: [0, 2, 3],
};

describe('previewRecords', () => {
  it('shows each mapped field’s source value beside the result, marking the ones the mapping changed', () => {
    const sut = previewRecords(
      [
        {
          key: 'v-1',
          before: { id: 'v-1', make: 'Mazda', year: 2021, status: 'X' },
          after: { make: 'MAZDA', year: 2021 },
          problems: [{ field: 'status', reason: 'has no mapping for "X"' }],
        },
      ],
      sent,
    );

    expect(sut).toEqual([
      {
        key: 'v-1',
        fields: [
          { row: 0, from: 'make', to: 'make', source: 'Mazda', result: 'MAZDA', changed: true, problem: null },
          { row: 2, from: 'year', to: 'year', source: 2021, result: 2021, changed: false, problem: null },
          {
            row: 3,
            from: 'status',
            to: 'status',
            source: 'X',
            result: undefined,
            changed: false,
            problem: 'has no mapping for "X"',
          },
        ],
        otherProblems: [],
      },
    ]);
  });

  it('keeps problems about fields no mapping writes', () => {
    const [sut] = previewRecords(
      [{ key: null, before: {}, after: {}, problems: [{ field: 'colour', reason: 'is required' }] }],
      sent,
    );

    expect(sut.otherProblems).toEqual(['colour is required']);
  });
});

describe('rowProblems', () => {
  it('counts the samples each row failed on, with the first reason', () => {
    const failing = (reason: string) => ({
      row: 3,
      from: 's',
      to: 's',
      source: 1,
      result: undefined,
      changed: false,
      problem: reason,
    });

    const sut = rowProblems([
      { key: 'a', fields: [failing('first')], otherProblems: [] },
      { key: 'b', fields: [failing('second')], otherProblems: [] },
    ]);

    expect([...sut]).toEqual([[3, { count: 2, reason: 'first' }]]);
  });
});

describe('readPath', () => {
  it('reads dotted paths and answers undefined for what is not there', () => {
    expect(readPath({ address: { city: 'Perth' } }, 'address.city')).toBe('Perth');
    expect(readPath({ address: null }, 'address.city')).toBeUndefined();
    expect(readPath({}, 'toString')).toBeUndefined();
  });
});
