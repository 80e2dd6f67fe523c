// Literals of the OData ABNF (Part 2 §5.1.1.x; ABNF primitiveLiteral): strings with ''
// escapes, integers/decimals/doubles kept as exact text, calendar-checked dates,
// DateTimeOffset normalised to UTC, and GUIDs. INF/NaN, TimeOfDay, duration, binary and
// spatial literals are valid OData we answer with 501.
import { Literal } from './odata-ast';
import { ExpressionCursor, isIdentChar } from './odata-cursor';
import { clip } from './odata-errors';

/** Prefixes of typed literals (`duration'P1D'`, `geography'...'`, ...). */
export const UNSUPPORTED_LITERAL_PREFIXES: ReadonlySet<string> = new Set(['duration', 'binary', 'geography', 'geometry']);

const GUID_RE = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/y;
const DATE_RE = /(\d{4})-(\d{2})-(\d{2})/y;
const TIME_TAIL_RE = /T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(Z|[+-]\d{2}:\d{2})/y;
const TIME_OF_DAY_RE = /\d{2}:\d{2}/y;
const NUMBER_RE = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** A GUID at the cursor (not running into an identifier), consumed; otherwise null. */
export function tryParseGuid(c: ExpressionCursor): Literal | null {
  const guid = c.match(GUID_RE);
  if (!guid || isIdentChar(c.text[c.pos + guid[0].length])) return null;
  c.pos += guid[0].length;
  return { kind: 'guid', value: guid[0].toLowerCase() };
}

/** `'...'` with `''` as an escaped quote; the cursor is on the opening quote. */
export function parseStringLiteral(c: ExpressionCursor): Literal {
  const start = c.pos;
  let value = '';
  c.pos++; // opening quote
  for (;;) {
    const next = c.text.indexOf("'", c.pos);
    if (next < 0) c.fail('unterminated string literal', start);
    value += c.text.slice(c.pos, next);
    if (c.text[next + 1] === "'") {
      value += "'";
      c.pos = next + 2;
    } else {
      c.pos = next + 1;
      return { kind: 'string', value };
    }
  }
}

/** A literal must not run straight into an identifier (e.g. `2x4`, `1.5M`). */
function checkLiteralEnd(c: ExpressionCursor, start: number): void {
  const next = c.peek();
  if (next !== undefined && (isIdentChar(next) || next === '.' || next === "'")) {
    c.fail(`invalid literal ${c.tokenAt(start)}`, start);
  }
}

/** Date, DateTimeOffset or number; the cursor is on a digit or '-'. */
export function parseNumberOrDate(c: ExpressionCursor): Literal {
  const start = c.pos;
  if (c.text.startsWith('-INF', c.pos)) c.notImplemented('INF/NaN literals');
  const date = c.match(DATE_RE);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!isValidDate(y, m, d)) c.fail(`invalid date '${clip(date[0])}'`, start);
    c.pos += date[0].length;
    if (c.peek() !== 'T') {
      checkLiteralEnd(c, start);
      return { kind: 'date', value: date[0] };
    }
    const tail = c.match(TIME_TAIL_RE);
    if (!tail) c.fail('invalid DateTimeOffset literal (expected e.g. 2030-01-01T00:00:00Z)', start);
    const [hh, mm, ss] = [Number(tail[1]), Number(tail[2]), Number(tail[3] ?? '0')];
    const offset = tail[5];
    const offOk = offset === 'Z' || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4, 6)) <= 59);
    if (hh > 23 || mm > 59 || ss > 59 || !offOk) c.fail('invalid time in DateTimeOffset literal', start);
    c.pos += tail[0].length;
    checkLiteralEnd(c, start);
    const text = c.text.slice(start, c.pos);
    const ms = (tail[4] ?? '').padEnd(3, '0').slice(0, 3); // sub-millisecond digits are truncated
    const iso = `${date[0]}T${tail[1]}:${tail[2]}:${tail[3] ?? '00'}.${ms}${offset === 'Z' ? 'Z' : offset}`;
    const instant = new Date(iso);
    if (Number.isNaN(instant.getTime())) c.fail('invalid DateTimeOffset literal', start);
    return { kind: 'dateTimeOffset', text, utc: instant.toISOString() };
  }
  if (c.match(TIME_OF_DAY_RE)) c.notImplemented('TimeOfDay literals');
  const num = c.match(NUMBER_RE);
  if (!num) return c.fail(`invalid number ${c.tokenAt(start)}`, start);
  c.pos += num[0].length;
  checkLiteralEnd(c, start);
  // Every number is bound as a JS number (or safe text): one beyond the double range (a
  // 400-digit decimal) became Infinity inside the SQL, a 500.
  if (!Number.isFinite(Number(num[0]))) c.fail(`number out of range '${clip(num[0])}'`, start);
  if (num[2]) return { kind: 'double', text: num[0] };
  if (num[1]) return { kind: 'decimal', text: num[0] };
  return { kind: 'integer', text: num[0] };
}
