/** The list with `item` in place of the one with its id, or added (at the end, or where `order` puts it). */
export function upsertById<T extends { id: string }>(
  items: readonly T[],
  item: T,
  order?: (a: T, b: T) => number,
): T[] {
  const next = items.some((existing) => existing.id === item.id)
    ? items.map((existing) => (existing.id === item.id ? item : existing))
    : [...items, item];
  return order ? next.sort(order) : next;
}
