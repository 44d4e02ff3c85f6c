/**
 * Holds back `session.progress` so that at most `perSecond` go out per session: the first at once, then
 * the latest one held at each interval's end. A session's end flushes what is held first, so the
 * final progress is never lost and never arrives after the end.
 */
export class ProgressCoalescer<T> {
  private readonly held = new Map<string, { latest: T | null; timer: NodeJS.Timeout }>();
  private readonly intervalMs: number;

  constructor(
    perSecond: number,
    private readonly emit: (payload: T) => void,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  progress(sessionId: string, payload: T): void {
    const window = this.held.get(sessionId);
    if (window) {
      window.latest = payload;
      return;
    }
    this.emit(payload);
    this.open(sessionId);
  }

  /** The session ended: what is held goes out now, before the caller publishes the end. */
  end(sessionId: string): void {
    const window = this.held.get(sessionId);
    if (!window) return;
    clearTimeout(window.timer);
    this.held.delete(sessionId);
    if (window.latest !== null) this.emit(window.latest);
  }

  close(): void {
    for (const sessionId of [...this.held.keys()]) this.end(sessionId);
  }

  private open(sessionId: string): void {
    const timer = setTimeout(() => {
      const window = this.held.get(sessionId);
      this.held.delete(sessionId);
      if (window?.latest != null) {
        this.emit(window.latest);
        this.open(sessionId);
      }
    }, this.intervalMs);
    timer.unref();
    this.held.set(sessionId, { latest: null, timer });
  }
}
