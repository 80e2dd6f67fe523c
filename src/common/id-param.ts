import { Param, ParseIntPipe } from '@nestjs/common';
import { badRequest } from './domain-error';

/** A positive integer route parameter; anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') =>
  Param(name, new ParseIntPipe({ exceptionFactory: () => badRequest('invalid-parameter', `${name} must be a positive integer`) }));
