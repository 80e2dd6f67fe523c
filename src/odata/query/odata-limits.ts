// Size limits of the OData parser: they keep recursion bounded and the generated SQL well
// below SQLite's expression depth limit.
import { ODataSyntaxError } from './odata-errors';

/** Maximum length of a single (decoded) option value. */
export const MAX_OPTION_LENGTH = 8000;
/** Maximum length of the raw query string (percent-encoding may triple it). */
export const MAX_QUERY_STRING_LENGTH = 3 * MAX_OPTION_LENGTH;
/** Maximum nesting depth (parentheses, `not`, function arguments). */
export const MAX_DEPTH = 100;
/** Maximum number of operators/comparisons in one $filter. */
export const MAX_NODES = 400;

export function checkLength(option: string, text: string): void {
  if (text.length > MAX_OPTION_LENGTH) {
    throw new ODataSyntaxError(`${option}: value too long (max ${MAX_OPTION_LENGTH} characters) at position ${MAX_OPTION_LENGTH}`, MAX_OPTION_LENGTH);
  }
}
