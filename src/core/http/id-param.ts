import { Param } from '@nestjs/common';
import { badRequest, CommonErrorCode } from '../errors/domain-error';

/**
 * A positive integer route parameter; anything else is a 400 naming the parameter.
 * The global ValidationPipe has already turned the string into a number (`+value`) when
 * this runs, so the check is on that number: ParseIntPipe let 0, -1 and 2^70 (inexact)
 * through to the database as lookups of ids that cannot exist.
 */
export const IdParam = (name = 'id') =>
  Param(name, {
    transform: (value: unknown): number => {
      const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
        throw badRequest(CommonErrorCode.InvalidParameter, `${name} must be a positive integer`);
      return id;
    },
  });
