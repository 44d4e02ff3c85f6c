/** Select options for values that read well capitalised as their label ("operator" → "Operator"). */
export function capitalizedOptions<T extends string>(values: readonly T[]): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: value.charAt(0).toUpperCase() + value.slice(1) }));
}
