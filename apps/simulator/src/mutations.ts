import { isDeepStrictEqual } from 'node:util';
import { deriveSeed, Random } from './random';
import type { Collection, Store } from './store';

export interface Change {
  collection: string;
  id: string;
  op: 'create' | 'update' | 'delete';
  version: number;
}

// Most changes on a real remote edit existing records; some add or remove one.
const OPERATIONS = ['update', 'create', 'delete'] as const;
const OPERATION_WEIGHTS = [92, 5, 3];

/** Changes random records, as the people and programs behind a real remote system would. */
export class Mutator {
  applied = 0;
  private rng: Random;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    seed: number,
  ) {
    this.rng = new Random(deriveSeed(seed, 'mutations'));
  }

  restart(seed: number): void {
    this.rng = new Random(deriveSeed(seed, 'mutations'));
  }

  /** Applies `count` changes, in one collection or spread over all of them. */
  mutate(count: number, collectionName?: string): Change[] {
    const candidates = collectionName ? [this.store.collection(collectionName)] : this.store.all();
    const changes: Change[] = [];
    for (let i = 0; i < count; i++) {
      const change = this.changeOne(this.rng.pick(candidates));
      if (change) changes.push(change);
    }
    this.applied += changes.length;
    return changes;
  }

  start(everyMs: number, count: number): void {
    if (everyMs <= 0) return;
    this.timer = setInterval(() => this.mutate(count), everyMs);
    this.timer.unref(); // the HTTP server, not this timer, keeps the process alive
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private changeOne(collection: Collection): Change | undefined {
    const op = this.rng.weighted(OPERATIONS, OPERATION_WEIGHTS);
    const id = collection.randomLiveId(this.rng);
    if (op === 'create' || id === null) {
      const record = collection.createGenerated(this.rng, this.store.pickIdWith(this.rng));
      return { collection: collection.name, id: record.id, op: 'create', version: record.version };
    }
    if (op === 'delete') {
      return { collection: collection.name, id, op, version: collection.delete(id).version };
    }
    const current = collection.get(id);
    const mutable = Object.keys(collection.kind.fields).filter((field) => collection.kind.fields[field].mutable);
    if (!current || mutable.length === 0) return undefined;
    const field = this.rng.pick(mutable);
    // The field's own generator invents the new value from the record as it is (a price fitting its year).
    const generate = (): unknown =>
      collection.kind.fields[field].generate(
        { rng: this.rng, seq: this.rng.int(1, 99_999), pickId: this.store.pickIdWith(this.rng) },
        current,
      );
    let value = generate();
    for (let attempt = 0; attempt < 5 && isDeepStrictEqual(value, current[field]); attempt++) value = generate();
    const { record } = collection.upsert(id, { ...current, [field]: value });
    return record.version === current.version
      ? undefined
      : { collection: collection.name, id, op, version: record.version };
  }
}
