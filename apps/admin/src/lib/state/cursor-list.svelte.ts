import type { Page } from '@syncline/contracts';

/**
 * A list the API hands out a page at a time: the first page comes from the route's load, each
 * "Load more" appends the next. A failed page throws to the caller and leaves the list as it was.
 */
export class CursorList<T> {
  items = $state.raw<T[]>([]);
  nextCursor = $state<string | null>(null);
  loading = $state(false);

  constructor(
    firstPage: Page<T>,
    private readonly fetchPage: (cursor: string) => Promise<Page<T>>,
  ) {
    this.items = firstPage.items;
    this.nextCursor = firstPage.nextCursor;
  }

  get hasMore(): boolean {
    return this.nextCursor !== null;
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    if (!cursor || this.loading) return;
    this.loading = true;
    try {
      const next = await this.fetchPage(cursor);
      this.items = [...this.items, ...next.items];
      // A cursor handed back unchanged would repeat the same page forever.
      this.nextCursor = next.nextCursor === cursor ? null : next.nextCursor;
    } finally {
      this.loading = false;
    }
  }
}
