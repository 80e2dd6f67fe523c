import { ValidationError } from 'class-validator';

/** "loginMethods.local must be a boolean value; property foo should not exist" */
export function validationMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => (parent && message.startsWith(error.property) ? parent + '.' + message : message));
    return [...own, ...validationMessages(error.children ?? [], path)];
  });
}

/** At most this many validation messages in a 400, each at most MESSAGE_CHARS long. */
export const MAX_MESSAGES = 10;
const MESSAGE_CHARS = 200;

/** Joins validation messages into a short text: a huge body must not earn a huge 400. */
export function shortMessages(messages: string[]): string {
  const shown = messages.slice(0, MAX_MESSAGES).map((m) => (m.length > MESSAGE_CHARS ? m.slice(0, MESSAGE_CHARS) + '…' : m));
  const rest = messages.length - shown.length;
  return shown.join('; ') + (rest > 0 ? `; and ${rest} more` : '');
}
