import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorDetail } from '@syncline/contracts';
import { ApiException } from './api-exception';

/** Flattens class-validator's tree into one detail per failed rule, with dotted field paths. */
export function toErrorDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // class-validator's default messages start with the property name, which `field` already says.
    const own = Object.values(error.constraints ?? {}).map((reason) => ({
      field,
      reason: reason.startsWith(`${error.property} `) ? reason.slice(error.property.length + 1) : reason,
    }));
    return [...own, ...toErrorDetails(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = toErrorDetails(errors);
      return ApiException.invalid(details);
    },
  });
}
