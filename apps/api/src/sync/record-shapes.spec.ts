import type { FieldTransform } from '@syncline/contracts';
import fc from 'fast-check';
import { VEHICLE_MAPPING } from '../test/sync-fixture';
import { applyTransform } from './field-mapping';
import { canonicalToLocalWrite, localToCanonical, localToRemoteWrite, remoteToCanonical } from './record-shapes';

/** A local row as PostgreSQL returns it: numeric columns as text, any column possibly null. */
const aLocalRow = fc.record({
  id: fc.string({ minLength: 1 }),
  stock_number: fc.option(fc.string()),
  make: fc.option(fc.string()),
  model: fc.option(fc.string()),
  year: fc.option(fc.integer({ min: 1900, max: 2100 })),
  price: fc.option(fc.integer({ min: 0, max: 10_000_000 }).map((cents) => (cents / 100).toFixed(2))),
  odometer: fc.option(fc.nat()),
  colour: fc.option(fc.string()),
  status: fc.option(fc.constantFrom('available', 'reserved', 'sold')),
  updated_at: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
});

describe('record shapes', () => {
  it('the type transforms used to normalise local values give the same value applied twice', () => {
    const normalising = fc.oneof(
      fc.record({
        type: fc.constant('cast' as const),
        to: fc.constantFrom('string', 'number', 'integer', 'boolean', 'date' as const),
      }),
      fc.record({ type: fc.constant('round' as const), decimals: fc.integer({ min: 0, max: 6 }) }),
      fc.record({
        type: fc.constant('date_format' as const),
        format: fc.constantFrom('iso', 'date', 'epoch_ms' as const),
      }),
    );
    fc.assert(
      fc.property(
        normalising,
        fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.date({ noInvalidDate: true })),
        (transform: FieldTransform, value) => {
          const once = applyTransform(value, transform, {});
          if (!once.ok) return;
          expect(applyTransform(once.value, transform, {})).toEqual(once);
        },
      ),
    );
  });

  it('a local row sent to the remote side and read back compares equal to itself: no change ping-pong', () => {
    fc.assert(
      fc.property(aLocalRow, (row) => {
        const sent = localToRemoteWrite(row, VEHICLE_MAPPING);
        if (!sent.ok) throw new Error(JSON.stringify(sent.problems));
        const back = remoteToCanonical(JSON.parse(JSON.stringify(sent.state)), VEHICLE_MAPPING);
        expect(back).toEqual({ ok: true, state: localToCanonical(row, VEHICLE_MAPPING) });
      }),
    );
  });

  it('a remote record written locally and read back compares equal to what was written', () => {
    fc.assert(
      fc.property(aLocalRow, (row) => {
        const remote = localToRemoteWrite(row, VEHICLE_MAPPING);
        if (!remote.ok) return;
        const canonical = remoteToCanonical(remote.state, VEHICLE_MAPPING);
        if (!canonical.ok) return;
        const written = canonicalToLocalWrite(canonical.state, VEHICLE_MAPPING);
        // PostgreSQL hands numeric columns back as text.
        const readBack = { ...written, price: written.price === null ? null : Number(written.price).toFixed(2) };
        expect(localToCanonical(readBack, VEHICLE_MAPPING)).toEqual(canonical.state);
      }),
    );
  });

  it('treats a cleared field and a missing one alike, and writes cleared fields as null', () => {
    expect(localToCanonical({ id: 'a', colour: null }, VEHICLE_MAPPING)).toEqual({});
    const remote = remoteToCanonical({ id: 'a', colour: 'red' }, VEHICLE_MAPPING);
    expect(remote).toEqual({ ok: true, state: { colour: 'red' } });
    expect(canonicalToLocalWrite({ colour: 'red' }, VEHICLE_MAPPING)).toMatchObject({
      colour: 'red',
      make: null,
      price: null,
    });
  });

  it('names the field a remote record cannot be mapped at', () => {
    expect(remoteToCanonical({ id: 'a', year: 'soon' }, VEHICLE_MAPPING)).toEqual({
      ok: false,
      problems: [{ field: 'year', reason: '"soon" is not a whole number' }],
    });
  });
});
