import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { badRequest, CommonErrorCode } from '../errors/domain-error';

/** A positive integer in plain decimal digits, at most 2^53 - 1 (README: "only positive integers"). */
const POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;

/** Parses an id as the README promises: `1` is an id; `0x1`, `1e0`, `1.0`, ` 1`, `01`, `0` are not. */
export function parseId(text: unknown): number | null {
  if (typeof text !== 'string' || !POSITIVE_INTEGER.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

const rawIdParam = createParamDecorator((name: string, context: ExecutionContext): number => {
  const params = context.switchToHttp().getRequest<{ params: Record<string, string | undefined> }>().params;
  const id = parseId(params[name]);
  if (id === null) throw badRequest(CommonErrorCode.InvalidParameter, `${name} must be a positive integer`);
  return id;
});

/**
 * A positive integer route parameter; anything else is a 400 naming the parameter. Read
 * from the raw path segment: the global ValidationPipe turns a `number` @Param into
 * `+value` first, and `+'0x1'`, `+'1e0'`, `+'1.0'` and `+' 1'` are all 1.
 */
export const IdParam =
  (name = 'id'): ParameterDecorator =>
  (target, key, index) => {
    rawIdParam(name)(target, key, index);
    if (key !== undefined) {
      const method = (target as Record<string | symbol, unknown>)[key];
      ApiParam({
        name,
        description: 'A positive integer id, in plain decimal digits.',
        example: 1,
        schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, example: 1 },
      })(target, key, Object.getOwnPropertyDescriptor(target, key) ?? { value: method });
    }
  };
