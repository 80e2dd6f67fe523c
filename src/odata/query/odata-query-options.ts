// The simple system query options ($top, $skip, $count, $format), the list of valid options
// we answer with 501, and percent-decoding of query-string parts.
import { clip, ODataNotImplementedError, ODataSyntaxError } from './odata-errors';

function parseNonNegativeInteger(option: string, text: string): number {
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new ODataSyntaxError(`${option}: expected a non-negative integer, got '${clip(text)}' at position 0`, 0);
  }
  return Number(text);
}

export function parseTop(text: string): number {
  return parseNonNegativeInteger('$top', text);
}

export function parseSkip(text: string): number {
  return parseNonNegativeInteger('$skip', text);
}

/** Accepts json / application/json[;odata.metadata=minimal] (case-insensitive). */
export function parseFormat(text: string): 'json' {
  const parts = text
    .toLowerCase()
    .split(';')
    .map((s) => s.trim());
  if (parts[0] === '') throw new ODataSyntaxError('$format: empty value at position 0', 0);
  const params = parts.slice(1);
  if (parts[0] === 'json' && params.length === 0) return 'json';
  if (parts[0] === 'application/json' && params.every((x) => x === 'odata.metadata=minimal')) return 'json';
  throw new ODataNotImplementedError(`$format: format '${clip(text)}' is not supported (only json)`);
}

/** System query options that are valid OData but deliberately unsupported. */
export const UNSUPPORTED_OPTIONS: ReadonlySet<string> = new Set(['$search', '$compute', '$levels', '$index', '$schemaversion', '$deltatoken', '$id']);

export function decodeComponent(text: string, offset: number): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ODataSyntaxError(`malformed percent-encoding in query string at position ${offset}`, offset);
  }
}

export function parseCount(text: string): boolean {
  const v = text.toLowerCase();
  if (v !== 'true' && v !== 'false') {
    throw new ODataSyntaxError(`$count: expected true or false, got '${clip(text)}' at position 0`, 0);
  }
  return v === 'true';
}
