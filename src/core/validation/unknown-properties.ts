import { ArgumentMetadata, Type, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { badRequest, CommonErrorCode } from '../errors/domain-error';
import { MAX_MESSAGES, shortMessages } from './validation-messages';

/** The properties a DTO class declares (any class-validator decorator), read once per class. */
const declaredByClass = new WeakMap<object, ReadonlySet<string>>();

function declaredProperties(type: Type<unknown>): ReadonlySet<string> {
  let declared = declaredByClass.get(type);
  if (!declared) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
    declared = new Set(metadata.map((m) => m.propertyName));
    declaredByClass.set(type, declared);
  }
  return declared;
}

/**
 * The 400 message for an object with more unknown properties than a 400 shows
 * (MAX_MESSAGES), or null. class-validator lists unknown properties first, one
 * "property X should not exist" each, so such a body's message starts with exactly these;
 * deciding it here spares class-transformer's copy of the body and class-validator's error
 * objects for every key (issue 10: half a megabyte of garbage for a 16 KiB sign-in body of
 * 199 keys, and garbage collection is event-loop pauses). "and N more" then counts the
 * unknown properties only: the declared ones are not validated.
 */
export function tooManyUnknownProperties(type: Type<unknown>, value: object): string | null {
  const declared = declaredProperties(type);
  if (declared.size === 0) return null; // not a validated DTO: nothing to compare against
  const unknown: string[] = [];
  for (const key in value) if (Object.hasOwn(value, key) && !declared.has(key)) unknown.push(key);
  if (unknown.length <= MAX_MESSAGES) return null;
  return shortMessages(unknown.map((key) => `property ${key} should not exist`));
}

/**
 * The most members an object of these DTO types can have and still be validated: more means
 * more unknown properties than a 400 shows, which tooManyUnknownProperties refuses on those
 * alone. For a route's body bound (BodyLimit's `keys`), so such a body is refused before it is
 * even parsed; the answer is a 400 either way.
 */
export function keysWorthValidating(...types: Type<unknown>[]): number {
  return Math.max(...types.map((type) => declaredProperties(type).size)) + MAX_MESSAGES;
}

/**
 * The global ValidationPipe, first refusing what a DTO body can never be: a JSON value that is
 * not an object (ValidationPipe turns `null` into `{}`, so a PATCH of `null` was a 200 that
 * changed nothing, and answered arrays and numbers with "Validation failed (object is
 * expected)"), and an object with many unknown properties, on those alone
 * (tooManyUnknownProperties). Every other body is validated as before. A request without a
 * body (undefined) is left to the DTO's own rules.
 */
export class BodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && typeof metadata.metatype === 'function' && declaredProperties(metadata.metatype as Type<unknown>).size > 0) {
      if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
        throw badRequest(CommonErrorCode.InvalidBody, `The body must be a JSON object, not ${jsonKind(value)}`);
      }
      const message = value === undefined ? null : tooManyUnknownProperties(metadata.metatype as Type<unknown>, value);
      if (message) throw badRequest(CommonErrorCode.InvalidBody, message);
    }
    return super.transform(value, metadata);
  }
}

/** What a parsed JSON value is, for a message: "null", "an array", "a number". */
const jsonKind = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);
