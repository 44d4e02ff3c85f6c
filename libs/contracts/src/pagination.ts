export const MAX_PAGE_SIZE = 200;

/** A page of a list ordered by a stable key; pass `nextCursor` back to get the following page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
