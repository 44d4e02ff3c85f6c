import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordView } from './store';
import { startSimulator, type TestSimulator } from './test/simulator-client';

const SEEDED = 12;

type Action =
  | { kind: 'update' | 'delete'; index: number }
  | { kind: 'create' }
  | { kind: 'mutate'; count: number }
  | { kind: 'page' };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('update' as const, 'delete' as const),
    index: fc.integer({ min: 1, max: SEEDED }),
  }),
  fc.constant({ kind: 'create' as const }),
  fc.record({ kind: fc.constant('mutate' as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.constant({ kind: 'page' as const }),
  fc.constant({ kind: 'page' as const }),
);

const order = (a: RecordView, b: RecordView) => (a.updatedAt === b.updatedAt ? a.id < b.id : a.updatedAt < b.updatedAt);

describe('cursor paging under concurrent changes (property)', () => {
  let sut: TestSimulator;
  beforeAll(async () => {
    sut = await startSimulator({ seedCount: SEEDED, collections: ['vehicle', 'lead'] });
  });
  afterAll(() => sut.close());

  it('returns, in strictly increasing order, every record changed after updated_since at its latest version', async () => {
    let price = 0;
    const apply = async (action: Exclude<Action, { kind: 'page' }>) => {
      if (action.kind === 'mutate') {
        await sut.call('/_sim/mutate', { method: 'POST', json: { count: action.count, collection: 'vehicle' } });
        return;
      }
      if (action.kind === 'create') {
        const { body } = await sut.call<RecordView>('/vehicle/veh_000001?include_deleted=true');
        await sut.call('/vehicle', { method: 'POST', json: { ...body, id: undefined } });
        return;
      }
      const path = `/vehicle/veh_${String(action.index).padStart(6, '0')}`;
      if (action.kind === 'delete') {
        await sut.call(path, { method: 'DELETE' });
        return;
      }
      const { body } = await sut.call<RecordView>(`${path}?include_deleted=true`);
      await sut.call(path, { method: 'PUT', json: { ...body, price: ++price } }); // revives a deleted one too
    };

    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { maxLength: 25 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: -1, max: SEEDED - 1 }),
        async (actions, limit, watermarkIndex) => {
          await sut.call('/_sim/reset', { method: 'POST' });
          const seeded = await sut.pageAll('/vehicle?include_deleted=true&limit=1000');
          const since = watermarkIndex < 0 ? undefined : seeded[watermarkIndex].updatedAt;
          const base = `/vehicle?include_deleted=true&limit=${limit}${since ? `&updated_since=${encodeURIComponent(since)}` : ''}`;

          const read: RecordView[] = [];
          let cursor: string | null | undefined;
          const readPage = async () => {
            const { body } = await sut.call<{ items: RecordView[]; nextCursor: string | null }>(
              cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base,
            );
            read.push(...body.items);
            cursor = body.nextCursor;
          };
          for (const action of actions) {
            if (cursor === null) break; // the pass has ended: later changes are for the next pass
            if (action.kind === 'page') await readPage();
            else await apply(action);
          }
          // Finish the pass: every change above happened before its last page was read.
          while (cursor !== null) await readPage();

          const final = await sut.pageAll('/vehicle?include_deleted=true&limit=1000');
          const expected = final.filter((record) => since === undefined || record.updatedAt > since);
          const readVersions = new Set(read.map((record) => `${record.id}@${record.version}`));
          expect(expected.filter((record) => !readVersions.has(`${record.id}@${record.version}`))).toEqual([]);
          expect(read.every((record) => since === undefined || record.updatedAt > since)).toBe(true);
          expect(read.every((record, i) => i === 0 || order(read[i - 1], record))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
