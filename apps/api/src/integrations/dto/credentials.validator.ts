import { registerDecorator } from 'class-validator';

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_ENTRIES = 20;
const MAX_VALUE_LENGTH = 8192;

export function isCredentialMap(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_ENTRIES &&
    entries.every(
      ([name, secret]) =>
        NAME.test(name) && typeof secret === 'string' && secret.length > 0 && secret.length <= MAX_VALUE_LENGTH,
    )
  );
}

/** A flat map of credential names to secret strings, e.g. `{ "token": "…" }`. */
export function IsCredentialMap(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isCredentialMap',
      target: target.constructor,
      propertyName: property as string,
      validator: {
        validate: (value: unknown) => value === null || isCredentialMap(value),
        defaultMessage: () =>
          `must map up to ${MAX_ENTRIES} names (letters, digits, _ . -) to non-empty strings of at most ${MAX_VALUE_LENGTH} characters`,
      },
    });
}
