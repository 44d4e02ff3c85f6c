import { RECORD_ACTIONS } from '@syncline/contracts';
import fc from 'fast-check';
import { RecordBatchPipe } from './record-batch.pipe';

const aRecord = fc.record(
  {
    localKey: fc.string({ minLength: 1, maxLength: 20 }),
    remoteKey: fc.string({ minLength: 1, maxLength: 20 }),
    action: fc.constantFrom(...RECORD_ACTIONS),
    before: fc.option(fc.dictionary(fc.string(), fc.string()), { nil: null }),
    after: fc.option(fc.dictionary(fc.string(), fc.integer()), { nil: null }),
    changedFields: fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
    error: fc.string({ maxLength: 50 }),
  },
  { requiredKeys: ['localKey', 'action'] },
);

describe('RecordBatchPipe', () => {
  const sut = new RecordBatchPipe();

  it('accepts every well-formed batch unchanged', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { maxLength: 50 }), (records) => {
        expect(sut.transform({ records })).toEqual({ records });
      }),
    );
  });

  it('names the index and field of a bad record anywhere in the batch', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { minLength: 1, maxLength: 50 }), fc.nat(), (records, at) => {
        const index = at % records.length;
        const broken = records.map((record, i) => (i === index ? { ...record, action: 'explode' } : record));

        expect(() => sut.transform({ records: broken })).toThrow(
          expect.objectContaining({
            code: 'validation_failed',
            details: [{ field: `records.${index}.action`, reason: `must be one of ${RECORD_ACTIONS.join(', ')}` }],
          }),
        );
      }),
    );
  });

  it('requires a local or a remote key, and rejects unknown fields and a missing list', () => {
    expect(() => sut.transform({ records: [{ action: 'create' }] })).toThrow(
      expect.objectContaining({ details: [{ field: 'records.0.localKey', reason: 'or remoteKey is required' }] }),
    );
    expect(() => sut.transform({ records: [{ localKey: 'k', action: 'create', colour: 'red' }] })).toThrow(
      expect.objectContaining({ details: [{ field: 'records.0.colour', reason: 'should not exist' }] }),
    );
    expect(() => sut.transform({})).toThrow(
      expect.objectContaining({ details: [{ field: 'records', reason: 'is required' }] }),
    );
  });

  it('answers 413 above 10,000 records before validating them', () => {
    expect(() => sut.transform({ records: Array.from({ length: 10_001 }, () => ({})) })).toThrow(
      expect.objectContaining({ code: 'payload_too_large' }),
    );
  });
});
