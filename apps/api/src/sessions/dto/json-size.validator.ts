import { registerDecorator } from 'class-validator';

/** A JSON object (or null) no larger than `maxBytes` once serialised. */
export function IsJsonObjectAtMost(maxBytes: number): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isJsonObjectAtMost',
      target: target.constructor,
      propertyName: property as string,
      validator: {
        validate: (value: unknown) =>
          value === null ||
          (typeof value === 'object' && !Array.isArray(value) && Buffer.byteLength(JSON.stringify(value)) <= maxBytes),
        defaultMessage: () => `must be a JSON object of at most ${maxBytes} bytes`,
      },
    });
}
