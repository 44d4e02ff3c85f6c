import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it('decode what they encode', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 3 }), (values) => {
        expect(decodeCursor(encodeCursor(values), values.length)).toEqual(values);
      }),
    );
  });

  it('reject anything else as a 400 on the cursor field', () => {
    fc.assert(
      fc.property(fc.string(), (garbage) => {
        fc.pre(!/^[A-Za-z0-9_-]+$/.test(garbage) || garbage.length < 4);
        expect(() => decodeCursor(garbage, 1)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
      }),
    );
  });
});
