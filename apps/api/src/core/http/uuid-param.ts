import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiException } from '../errors/api-exception';

/** A UUID path parameter; anything else is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => ApiException.invalidField(name, 'must be a UUID') }));
