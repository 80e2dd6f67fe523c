/**
 * Entry points of the parser for the OData v4 system query options we support:
 * $filter, $orderby, $select, $top, $skip, $count, $format, $skiptoken.
 * The grammar lives beside this file: odata-cursor (lexing), odata-literals,
 * odata-filter-expressions (+ odata-functions), odata-orderby, odata-select,
 * odata-query-options; limits in odata-limits.
 *
 * Errors: ODataSyntaxError (400) for invalid input, ODataNotImplementedError (501) for
 * valid OData we deliberately do not support. Messages name the option and the position,
 * and echo at most a short clip of the input.
 */
import { EdmEntitySet } from './edm-model';
import { BoolExpr, FilterAst, ODataQueryOptions, ValueExpr } from './odata-ast';
import { WS_RE } from './odata-cursor';
import { clip, ODataNotImplementedError, ODataSyntaxError } from './odata-errors';
import { ExpressionParser } from './odata-filter-expressions';
import { checkLength, MAX_QUERY_STRING_LENGTH } from './odata-limits';
import { describe, isBoolNode } from './odata-node-types';
import { parseApply } from './odata-apply';
import { parseExpand } from './odata-expand';
import { parseOrderBy } from './odata-orderby';
import { decodeComponent, parseCount, parseFormat, parseSkip, parseTop, UNSUPPORTED_OPTIONS } from './odata-query-options';
import { parseSelect } from './odata-select';

/**
 * Parses a $filter value (already percent-decoded). `set = null` selects the
 * syntax-only mode described in odata-filter-expressions.ts.
 */
export function parseFilter(text: string, set: EdmEntitySet | null): FilterAst {
  const option = '$filter';
  checkLength(option, text);
  const p = new ExpressionParser(text, set, option);
  if (text.length === 0) p.fail('empty expression', 0);
  // The ABNF has no whitespace before/after the expression (e.g. `$filter= true` is invalid).
  if (WS_RE.test(text[0])) p.fail('unexpected whitespace', 0);
  const node = p.parseOr();
  p.expectEnd();
  if (isBoolNode(node) || node.kind === 'boolean' || node.kind === 'property') {
    if (node.kind === 'property' && node.type !== null && node.type !== 'Edm.Boolean') {
      p.fail(`expression must be boolean, found ${describe(node)}`, 0);
    }
    return node as BoolExpr;
  }
  return p.fail(`expression must be boolean, found ${describe(node)}`, 0);
}

/**
 * Parses any common expression (not necessarily boolean). Exposed for the
 * conformance tests of the `commonExpr` rule; the server uses parseFilter.
 */
export function parseCommonExpr(text: string, set: EdmEntitySet | null, option = '$filter'): BoolExpr | ValueExpr {
  checkLength(option, text);
  const p = new ExpressionParser(text, set, option);
  if (text.length === 0) p.fail('empty expression', 0);
  if (WS_RE.test(text[0])) p.fail('unexpected whitespace', 0);
  const node = p.parseOr();
  p.expectEnd();
  return node;
}

/**
 * Splits and parses a raw query string (with or without leading `?`).
 * Names and values are percent-decoded after splitting on `&` and `=`;
 * `+` is a literal plus (OData does not use form encoding).
 * System option names are matched case-insensitively (OData 4.01);
 * custom options (no `$`) are ignored; `@` parameter aliases are 501.
 */
export function parseQueryOptions(rawQueryString: string, set: EdmEntitySet | null): ODataQueryOptions {
  let raw = rawQueryString;
  let base = 0;
  if (raw.startsWith('?')) {
    raw = raw.slice(1);
    base = 1;
  }
  if (raw.length > MAX_QUERY_STRING_LENGTH) {
    throw new ODataSyntaxError(`query string too long (max ${MAX_QUERY_STRING_LENGTH} characters) at position 0`, 0);
  }
  const hash = raw.indexOf('#');
  if (hash >= 0) throw new ODataSyntaxError(`unencoded '#' in query string at position ${base + hash}`, base + hash);

  const result: ODataQueryOptions = {};
  const seen = new Set<string>();
  let offset = base;
  for (const segment of raw.split('&')) {
    const segOffset = offset;
    offset += segment.length + 1;
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawName = eq < 0 ? segment : segment.slice(0, eq);
    const name = decodeComponent(rawName, segOffset);
    if (name.startsWith('@')) throw new ODataNotImplementedError(`parameter aliases ('${clip(name)}') are not supported`);
    if (!name.startsWith('$')) {
      // Custom query option: ignored, but a malformed percent-encoding is still a 400 here
      // (it threw a URIError later, when the nextLink was built from the decoded options).
      if (eq >= 0) decodeComponent(segment.slice(eq + 1), segOffset + eq + 1);
      continue;
    }
    const key = name.toLowerCase();
    if (eq < 0) throw new ODataSyntaxError(`${clip(name)}: missing '=' and value at position ${segOffset + rawName.length}`, segOffset + rawName.length);
    const value = decodeComponent(segment.slice(eq + 1), segOffset + eq + 1);
    if (UNSUPPORTED_OPTIONS.has(key)) throw new ODataNotImplementedError(`${key} is not supported`);
    if (seen.has(key)) throw new ODataSyntaxError(`${key}: duplicate system query option at position ${segOffset}`, segOffset);
    seen.add(key);
    switch (key) {
      case '$filter':
        result.filter = parseFilter(value, set);
        break;
      case '$orderby':
        result.orderby = parseOrderBy(value, set);
        break;
      case '$select':
        result.select = parseSelect(value, set);
        break;
      case '$expand':
        result.expand = parseExpand(value, set, parseFilter);
        break;
      case '$apply':
        result.apply = parseApply(value, set, parseFilter);
        break;
      case '$top':
        result.top = parseTop(value);
        break;
      case '$skip':
        result.skip = parseSkip(value);
        break;
      case '$count':
        result.count = parseCount(value);
        break;
      case '$format':
        result.format = parseFormat(value);
        break;
      case '$skiptoken':
        checkLength('$skiptoken', value);
        result.skiptoken = value;
        break;
      default:
        throw new ODataSyntaxError(`unknown system query option '${clip(name)}' at position ${segOffset}`, segOffset);
    }
  }
  return result;
}
