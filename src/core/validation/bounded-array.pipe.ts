import { PipeTransform, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { badRequest, CommonErrorCode } from '../errors/domain-error';
import { ownTurn } from '../http/own-turn';
import { tooManyUnknownProperties } from './unknown-properties';
import { shortMessages, validationMessages } from './validation-messages';

/** Items put through class-transformer and class-validator between two turns of the event loop. */
const YIELD_EVERY = 25;

/**
 * A check that accepts only items class-validator would accept too, and builds the instance
 * plainToInstance would: true means "valid, take it as it is", false means "not sure, run
 * the full validation" (which then names the field). It must never accept more than the
 * decorators do; a property test beside each one compares the two.
 */
export type CertainlyValid = (item: Record<string, unknown>) => boolean;

/**
 * A JSON array body of DTOs whose length is checked BEFORE any item is transformed or
 * validated (issue 10: ParseArrayPipe validated 100,000 items, 1.7-5.4 s of event loop,
 * before a check that could never pass). Items are validated in order and the first invalid
 * one is the 400, its index in the message: `[3] year must not be less than 1900`.
 *
 * class-transformer and class-validator cost about 40 µs an item, so a 301-item array held
 * the event loop for 10+ ms (issue 10). With `certainlyValid`, items that pass the item
 * type's own plain check skip both; the rest go through them, so every 400 is the one
 * class-validator writes.
 */
export class BoundedArrayPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(
    private readonly itemType: Type<T>,
    private readonly maxItems: number,
    private readonly certainlyValid?: CertainlyValid,
  ) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value)) throw badRequest(CommonErrorCode.InvalidBody, 'The body must be a JSON array');
    if (value.length > this.maxItems) throw badRequest(CommonErrorCode.InvalidBody, `The array may have at most ${this.maxItems} items`);
    // The body was parsed in this same turn of the event loop (a 256 KiB one takes a few ms):
    // a long array's validation waits for a turn of its own, so the two do not add up to one
    // stall, nor do the validations of several bodies that arrived together.
    if (value.length > YIELD_EVERY) await ownTurn();
    const items: T[] = [];
    let fullyValidated = 0;
    // An index loop: entries() allocated a [index, item] pair per item (issue 10: garbage is pauses).
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badRequest(CommonErrorCode.InvalidBody, `[${i}] must be an object`);
      if (this.certainlyValid?.(item as Record<string, unknown>)) {
        // The parsed item becomes the instance, not a copy of it: a copy per item was a third
        // of the pipe's garbage (issue 10). Its fields are exactly the item type's, checked.
        items.push(Object.setPrototypeOf(item, this.itemType.prototype) as T);
        continue;
      }
      // Awaiting class-validator only queues microtasks, which run before any I/O: without a
      // real yield now and then, the whole array is one block of the event loop.
      if (++fullyValidated % YIELD_EVERY === 0) await ownTurn();
      const unknown = tooManyUnknownProperties(this.itemType, item);
      if (unknown) throw badRequest(CommonErrorCode.InvalidBody, `[${i}] ${unknown}`);
      const instance = plainToInstance(this.itemType, item);
      const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length) throw badRequest(CommonErrorCode.InvalidBody, `[${i}] ${shortMessages(validationMessages(errors))}`);
      items.push(instance);
    }
    // And the handler (a 301-row write is 2 ms of SQLite on this thread) starts on another.
    if (value.length > YIELD_EVERY) await ownTurn();
    return items;
  }
}
