import type { ErrorItemView, Page } from '@syncline/contracts';
import { formatCount, formatNumber } from '$lib/format';

type Listed = Pick<ErrorItemView, 'id'>;

/** What a fresh read of the list's first page holds on top of the list shown. */
export interface NewErrors {
  /** Newest first. */
  ids: string[];
  /** The whole page is new and it has a next one: there may be more new errors than `ids`. */
  more: boolean;
}

/**
 * The errors of `latest` (the list's first page read again, same filters, newest first) stored after every
 * error `listed`. The API's ids grow with each error stored, so an error the list lacks for another reason
 * (resolved since, or an older one that now matches the filters) is not counted as new.
 */
export function newErrors(listed: readonly Listed[], latest: Page<Listed>): NewErrors {
  const newest = listed.reduce<string | null>((max, { id }) => (max === null || isAfter(id, max) ? id : max), null);
  const ids = latest.items.filter(({ id }) => newest === null || isAfter(id, newest)).map(({ id }) => id);
  return { ids, more: ids.length > 0 && ids.length === latest.items.length && latest.nextCursor !== null };
}

/** "1 new error", "3 new errors", "50+ new errors". */
export function describeNewErrors({ ids, more }: NewErrors): string {
  return more ? `${formatNumber(ids.length)}+ new errors` : formatCount(ids.length, 'new error');
}

/** Ids are decimal integers past what a number holds exactly: the longer one is the larger. */
function isAfter(id: string, other: string): boolean {
  return id.length === other.length ? id > other : id.length > other.length;
}
