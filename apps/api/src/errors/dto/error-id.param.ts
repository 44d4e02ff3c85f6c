import { Param, type PipeTransform } from '@nestjs/common';
import { ApiException } from '../../core/errors/api-exception';

/** Error ids are positive bigints, sent as decimal strings. */
export const ERROR_ID = /^[1-9]\d{0,17}$/;

class ErrorIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ERROR_ID.test(value)) throw ApiException.invalidField('id', 'must be an error id (a positive integer)');
    return value;
  }
}

/** An error id path parameter; anything else is a 400 naming the parameter. */
export const ErrorIdParam = () => Param('id', new ErrorIdPipe());
