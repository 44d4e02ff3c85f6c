import { humanize } from '$lib/format';

/** Select options for values that read well capitalised as their label ("operator" → "Operator"). */
export function capitalizedOptions<T extends string>(values: readonly T[]): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: humanize(value) }));
}
