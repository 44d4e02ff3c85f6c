/**
 * Timestamps in microseconds since the epoch, shown as ISO 8601 with six fractional digits
 * (`2025-03-01T09:30:00.123456Z`), the precision of a PostgreSQL `timestamptz`.
 *
 * The clock is monotonic and strictly increasing across the whole simulator: two changes never
 * share a timestamp, so `updated_since` and the `(updatedAt, id)` cursor are exact, and a wall
 * clock stepping backwards cannot reorder changes. Microseconds keep the clock on wall time even
 * at a million changes a second, where milliseconds would drift ahead under a batch-write load.
 */
export class MonotonicClock {
  private readonly originMicros = Date.now() * 1000;
  private readonly originHr = process.hrtime.bigint();
  private last = 0;

  /** The next timestamp, later than every one handed out before. */
  tick(): number {
    const elapsed = Number((process.hrtime.bigint() - this.originHr) / 1000n);
    this.last = Math.max(this.originMicros + elapsed, this.last + 1);
    return this.last;
  }
}

export function formatMicros(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString(); // …ss.mmmZ
  return `${iso.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
}

// A time needs an explicit zone: a zone-less time would be read in the server's local time.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.(\d{1,9}))?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** Parses an ISO 8601 date or zoned date-time, keeping microseconds; `undefined` when invalid. */
export function parseMicros(text: string): number | undefined {
  const match = ISO_TIMESTAMP.exec(text);
  const millis = match ? Date.parse(text) : NaN;
  if (Number.isNaN(millis)) return undefined;
  const subMillis = Number((match?.[1] ?? '').padEnd(6, '0').slice(3, 6));
  return millis * 1000 + subMillis;
}
