import type { EntitySyncSettings, SyncDirection } from '@syncline/contracts';
import fc from 'fast-check';
import type { Connector } from '../connectors/connector';
import { keyChecksums } from '../test/connector-testing';
import { verify } from './verification';

const ENTITY: EntitySyncSettings = {
  entityType: 'vehicle',
  localKey: 'id',
  remoteKey: 'id',
  toLocal: [],
  toRemote: [],
};

/** A side holding these keys, listing them in batches of 7; with `checksums`, it computes those too. */
function side(keys: readonly string[], { checksums }: { checksums: boolean }) {
  const listed: string[] = [];
  const connector = {
    async *listKeys() {
      for (let start = 0; start < keys.length; start += 7) {
        listed.push(...keys.slice(start, start + 7));
        yield keys.slice(start, start + 7);
      }
    },
    ...(checksums ? { keyChecksums: async (ranges: number) => keyChecksums(keys, ranges) } : {}),
  } as unknown as Connector;
  return { connector, listed };
}

const check = (local: Connector, remote: Connector, direction: SyncDirection = 'bidirectional') =>
  verify({ local, remote, direction, entity: ENTITY, referenceKeys: async () => new Set() });

describe('verify', () => {
  it('finds the same counts and gaps with key checksums as by listing every key, for any two sides', async () => {
    const keys = fc.uniqueArray(fc.constantFrom(...Array.from({ length: 400 }, (_, i) => `veh_${i}`)), {
      maxLength: 300,
    });
    await fc.assert(
      fc.asyncProperty(keys, keys, async (localKeys, remoteKeys) => {
        const listing = await check(
          side(localKeys, { checksums: false }).connector,
          side(remoteKeys, { checksums: false }).connector,
        );
        const summed = await check(
          side(localKeys, { checksums: true }).connector,
          side(remoteKeys, { checksums: true }).connector,
        );
        expect({ ...summed.view, checkedAt: null }).toEqual({ ...listing.view, checkedAt: null });
        expect(new Set(summed.gaps)).toEqual(new Set(listing.gaps));
        expect(listing.view.missingLocally.count).toBe(remoteKeys.filter((key) => !localKeys.includes(key)).length);
      }),
      { numRuns: 60 },
    );
  });

  it('lists no key where both sides have equal checksums', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `veh_${i}`);
    const [local, remote] = [side(keys, { checksums: true }), side([...keys].reverse(), { checksums: true })];

    const { view } = await check(local.connector, remote.connector);

    expect(view).toMatchObject({ localCount: 1000, remoteCount: 1000, passed: true });
    expect([...local.listed, ...remote.listed]).toEqual([]);
  });

  it('keeps only the keys of the ranges that differ when a side lacks some', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `veh_${i}`);
    const [local, remote] = [side(keys.slice(1), { checksums: true }), side(keys, { checksums: true })];

    const { view, gaps } = await check(local.connector, remote.connector, 'inbound');

    expect(view).toMatchObject({ localCount: 999, remoteCount: 1000, passed: false });
    expect(view.missingLocally).toEqual({ count: 1, sample: ['veh_0'] });
    expect(gaps).toEqual(['veh_0']);
  });

  it('lists every key where one side cannot compute checksums', async () => {
    const keys = ['a', 'b', 'c'];
    const [local, remote] = [side(keys, { checksums: true }), side(['a', 'b'], { checksums: false })];

    const { view } = await check(local.connector, remote.connector, 'outbound');

    expect(view.missingRemotely).toEqual({ count: 1, sample: ['c'] });
    expect(local.listed).toEqual(keys);
  });
});
