import type { ErrorDetail } from '@syncline/contracts';
import Ajv, { type ErrorObject, type JSONSchemaType, type Schema } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true });

/** Compiles a JSON Schema into a check that answers one error detail per broken rule, with dotted field paths. */
export function schemaCheck(
  schema: Schema | JSONSchemaType<unknown>,
): (value: unknown, field: string) => ErrorDetail[] {
  const validate = ajv.compile(schema);
  return (value, field) => (validate(value) ? [] : (validate.errors ?? []).map((error) => toErrorDetail(error, field)));
}

/** One ajv error as our error detail: `records.3.action` and a reason without the field's name. */
export function toErrorDetail(error: ErrorObject, prefix = ''): ErrorDetail {
  const path = [...(prefix ? [prefix] : []), ...error.instancePath.split('/').filter(Boolean)];
  switch (error.keyword) {
    case 'required':
      return { field: [...path, error.params.missingProperty].join('.'), reason: 'is required' };
    case 'additionalProperties':
      return { field: [...path, error.params.additionalProperty].join('.'), reason: 'should not exist' };
    case 'enum':
      return { field: path.join('.'), reason: `must be one of ${(error.params.allowedValues as string[]).join(', ')}` };
    default:
      return { field: path.join('.') || 'body', reason: error.message ?? 'is invalid' };
  }
}
