// The lexical layer of the $filter/$orderby/$select parsers: a position in the option text,
// whitespace, operator keywords, and the errors (400 with a position, 501 for valid OData
// we do not support) every grammar rule reports through.
import { EdmEntitySet } from './edm-model';
import { clip, ODataNotImplementedError, ODataSyntaxError } from './odata-errors';
import { MAX_NODES } from './odata-limits';

export const IDENT_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}/uy;
export const WS_RE = /[ \t]/;

export function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]/u.test(ch);
}

export class ExpressionCursor {
  pos = 0;
  private nodes = 0;

  constructor(
    readonly text: string,
    readonly set: EdmEntitySet | null,
    readonly option: string,
  ) {}

  fail(message: string, pos: number = this.pos): never {
    throw new ODataSyntaxError(`${this.option}: ${message} at position ${pos}`, pos);
  }

  notImplemented(message: string): never {
    throw new ODataNotImplementedError(`${this.option}: ${message} is not supported`);
  }

  peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipWs(): number {
    const start = this.pos;
    while (this.pos < this.text.length && WS_RE.test(this.text[this.pos])) this.pos++;
    return this.pos - start;
  }

  match(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    return re.exec(this.text);
  }

  /** Fails unless the whole input has been consumed. */
  expectEnd(): void {
    if (this.atEnd()) return;
    const wsPos = this.pos;
    this.skipWs();
    if (this.atEnd()) this.fail('unexpected trailing whitespace', wsPos);
    this.fail(`unexpected ${this.tokenAt(this.pos)}`);
  }

  /** Describes the token at `pos` for error messages. */
  tokenAt(pos: number): string {
    if (pos >= this.text.length) return 'end of input';
    const m = /[^ \t(),]+|./y;
    m.lastIndex = pos;
    return `'${clip(m.exec(this.text)?.[0] ?? '')}'`;
  }

  countNode(pos: number): void {
    if (++this.nodes > MAX_NODES) this.fail(`expression too complex (more than ${MAX_NODES} operations)`, pos);
  }

  /**
   * If the next token (after at least one whitespace) is one of `words`
   * (case-insensitive) followed by whitespace or one of `followers`,
   * consumes it and returns it in lower case; otherwise restores the position.
   */
  tryOperator(words: readonly string[], followers = ''): string | null {
    const save = this.pos;
    if (this.skipWs() === 0) {
      this.pos = save;
      return null;
    }
    const m = /[A-Za-z]+/y;
    m.lastIndex = this.pos;
    const word = m.exec(this.text)?.[0];
    if (word) {
      const lower = word.toLowerCase();
      const next = this.text[this.pos + word.length];
      if (words.includes(lower) && (next === undefined || WS_RE.test(next) || followers.includes(next))) {
        this.pos += word.length;
        return lower;
      }
    }
    this.pos = save;
    return null;
  }

  peekOperator(words: readonly string[]): string | null {
    const save = this.pos;
    const op = this.tryOperator(words);
    this.pos = save;
    return op;
  }

  expectRws(after: string): void {
    if (this.atEnd()) this.fail(`unexpected end of input after ${after}`);
    if (this.skipWs() === 0) this.fail(`expected whitespace after ${after}`);
  }
}
