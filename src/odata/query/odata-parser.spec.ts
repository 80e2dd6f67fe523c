import { EdmEntitySet } from './edm-model';
import { ODataNotImplementedError, ODataSyntaxError } from './odata-errors';
import { MAX_DEPTH } from './odata-limits';
import { parseOrderBy } from './odata-orderby';
import { parseFilter, parseQueryOptions } from './odata-parser';
import { parseSkip, parseTop } from './odata-query-options';
import { parseSelect } from './odata-select';

const projects: EdmEntitySet = {
  name: 'Projects',
  entityType: 'Project',
  keys: ['Id'],
  properties: [
    { name: 'Id', column: 'id', type: 'Edm.Int32', nullable: false },
    { name: 'Name', column: 'name', type: 'Edm.String', nullable: false, maxLength: 200 },
    { name: 'Description', column: 'description', type: 'Edm.String', nullable: true },
    { name: 'Budget', column: 'budget', type: 'Edm.Decimal', nullable: true },
    { name: 'Score', column: 'score', type: 'Edm.Double', nullable: true },
    { name: 'Big', column: 'big', type: 'Edm.Int64', nullable: true },
    { name: 'StartDate', column: 'startDate', type: 'Edm.Date', nullable: true },
    { name: 'CreatedAt', column: 'createdAt', type: 'Edm.DateTimeOffset', nullable: false },
    { name: 'IsActive', column: 'isActive', type: 'Edm.Boolean', nullable: false },
  ],
};

function syntaxError(fn: () => unknown): ODataSyntaxError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ODataSyntaxError) return e;
    throw new Error(`expected ODataSyntaxError, got ${String(e)}`);
  }
  throw new Error('expected ODataSyntaxError, but it parsed');
}

function notImplemented(fn: () => unknown): ODataNotImplementedError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ODataNotImplementedError) return e;
    throw new Error(`expected ODataNotImplementedError, got ${String(e)}`);
  }
  throw new Error('expected ODataNotImplementedError, but it parsed');
}

describe('parseFilter (positive)', () => {
  it('parses comparisons with typed literals', () => {
    expect(parseFilter("Name eq 'Milk'", projects)).toEqual({
      kind: 'compare',
      op: 'eq',
      left: { kind: 'property', name: 'Name', type: 'Edm.String' },
      right: { kind: 'string', value: 'Milk' },
    });
    expect(parseFilter('Id ge -5', projects)).toMatchObject({ right: { kind: 'integer', text: '-5' } });
    expect(parseFilter('Budget lt 1.50', projects)).toMatchObject({ right: { kind: 'decimal', text: '1.50' } });
    expect(parseFilter('Score gt 1e3', projects)).toMatchObject({ right: { kind: 'double', text: '1e3' } });
    expect(parseFilter('StartDate le 2030-02-28', projects)).toMatchObject({ right: { kind: 'date', value: '2030-02-28' } });
    expect(parseFilter('CreatedAt lt 2030-01-01T10:00:00.1234+02:00', projects)).toMatchObject({
      right: { kind: 'dateTimeOffset', utc: '2030-01-01T08:00:00.123Z' },
    });
    expect(parseFilter('Description eq null', projects)).toMatchObject({ right: { kind: 'null' } });
    expect(parseFilter('IsActive eq true', projects)).toMatchObject({ right: { kind: 'boolean', value: true } });
    expect(parseFilter('Big eq 12345678901234567890', projects)).toMatchObject({
      right: { kind: 'integer', text: '12345678901234567890' },
    });
  });

  it('unescapes doubled quotes in strings', () => {
    expect(parseFilter("Name eq 'O''Brien'", projects)).toMatchObject({ right: { value: "O'Brien" } });
    expect(parseFilter("Name eq ''", projects)).toMatchObject({ right: { value: '' } });
  });

  it('respects precedence: not > comparison > and > or', () => {
    const ast = parseFilter("Id eq 1 or Id eq 2 and not contains(Name,'x')", projects);
    expect(ast.kind).toBe('or');
    if (ast.kind !== 'or') return;
    expect(ast.operands[1]).toMatchObject({ kind: 'and', operands: [{ kind: 'compare' }, { kind: 'not' }] });
  });

  it('flattens and/or chains and accepts parentheses and whitespace', () => {
    const ast = parseFilter('(Id eq 1 or Id eq 2 or Id eq 3) and ( IsActive )', projects);
    expect(ast).toMatchObject({ kind: 'and', operands: [{ kind: 'or', operands: [{}, {}, {}] }, { kind: 'property' }] });
    expect(parseFilter('Id\teq\t1', projects)).toMatchObject({ kind: 'compare' });
  });

  it('accepts case-insensitive operator keywords (OData 4.01)', () => {
    expect(parseFilter("Name EQ 'Milk' AND Id Lt 3", projects)).toMatchObject({ kind: 'and' });
  });

  it('parses in lists, functions and date parts', () => {
    expect(parseFilter('Id in (1, 2,3)', projects)).toMatchObject({ kind: 'in', values: [{}, {}, {}] });
    expect(parseFilter('Id in ()', projects)).toMatchObject({ kind: 'in', values: [] });
    expect(parseFilter("Description in ('a', null)", projects)).toMatchObject({ kind: 'in' });
    expect(parseFilter("startswith(toupper(tolower(Name)),'A')", projects)).toMatchObject({
      kind: 'match',
      fn: 'startswith',
      target: { kind: 'case', fn: 'toupper', arg: { kind: 'case', fn: 'tolower' } },
    });
    expect(parseFilter("tolower(Name) eq 'x'", projects)).toMatchObject({ left: { kind: 'case' } });
    expect(parseFilter('year(StartDate) eq 2030 and month(CreatedAt) ge 6 and day(StartDate) lt 10', projects)).toMatchObject({
      kind: 'and',
    });
    expect(parseFilter('not(IsActive)', projects)).toMatchObject({ kind: 'not' });
    expect(parseFilter('true', projects)).toEqual({ kind: 'boolean', value: true });
  });

  it('accepts nesting up to the depth limit', () => {
    const depth = MAX_DEPTH - 2;
    expect(parseFilter(`${'('.repeat(depth)}Id eq 1${')'.repeat(depth)}`, projects)).toMatchObject({ kind: 'compare' });
  });
});

describe('parseFilter (negative, 400)', () => {
  it.each([
    ["Foo eq 'x'", "unknown property 'Foo'", 0],
    ["name eq 'x'", "unknown property 'name'", 0], // case-sensitive
    ['Name eq 5', 'cannot compare', 8],
    ["Id eq 'x'", 'cannot compare', 6],
    ['StartDate eq 2030-01-01T00:00:00Z', 'cannot compare', 13],
    ["Id in (1, 'a')", 'cannot compare', 10],
    ["Name eq 'abc", 'unterminated string', 8],
    ['Id eq', 'unexpected end of input', 5],
    ['Id eq 1 and', 'unexpected end of input', 11],
    ['Id eq 1)', "unexpected ')'", 7],
    ['(Id eq 1', "expected ')'", 8],
    ['Id eq 1 foo', "unexpected 'foo'", 8],
    ['Name', 'must be boolean', 0],
    ['Id eq 1 and Name', "operand of 'and' must be a boolean", 12],
    ['not Name', "operand of 'not' must be a boolean", 4],
    [' Id eq 1', 'unexpected whitespace', 0],
    ['', 'empty expression', 0],
    ['StartDate eq 2030-02-30', 'invalid date', 13],
    ['CreatedAt eq 2030-01-01T25:00Z', 'invalid time', 13],
    ['CreatedAt eq 2030-01-01T10:00', 'invalid DateTimeOffset', 13],
    ['Id eq 2x4', 'invalid literal', 6],
    ["contains(Id,'1')", 'requires string arguments', 9],
    ['contains(Name,1)', 'requires string arguments', 14],
    ['contains(Name)', 'expects 2 argument', 0],
    ['year(Name) eq 1', 'requires an Edm.Date or Edm.DateTimeOffset property', 5],
    ['foo(Name)', "unknown function 'foo'", 0],
    ['any(x:true)', "lambda operator 'any' requires a collection path", 3],
    ['Model.Available', "expected '(' after qualified name", 15],
    ['Id in (Id, 2)', "'in' list may contain only literals", 9],
    ["Name eq ('a','b')", "expected ')' but found ','", 12],
    ['Id eq #', "unexpected '#'", 6],
    ['Score eq 1e999', 'number out of range', 9],
    ['Id eq 1 eq', 'unexpected end of input', 10],
    ['Id eq 1 ', 'unexpected trailing whitespace', 7],
  ])('%s → %s', (input, message, position) => {
    const err = syntaxError(() => parseFilter(input, projects));
    expect(err.message).toContain(message);
    expect(err.message.startsWith('$filter: ')).toBe(true);
    expect(err.position).toBe(position);
    expect(err.message).toContain(`at position ${position}`);
  });

  it('limits nesting depth and length without stack overflow', () => {
    const deep = `${'('.repeat(3000)}Id eq 1${')'.repeat(3000)}`;
    expect(syntaxError(() => parseFilter(deep, projects)).message).toContain('nested too deeply');
    expect(syntaxError(() => parseFilter('not '.repeat(500) + 'IsActive', projects)).message).toContain('nested too deeply');
    expect(syntaxError(() => parseFilter(`Name eq '${'x'.repeat(9000)}'`, projects)).message).toContain('too long');
    const wide = Array.from({ length: 500 }, (_, i) => `Id eq ${i}`).join(' or ');
    expect(syntaxError(() => parseFilter(wide, projects)).message).toContain('too complex');
  });

  it('never echoes long input', () => {
    const err = syntaxError(() => parseFilter(`${'X'.repeat(5000)} eq 1`, projects));
    expect(err.message.length).toBeLessThan(200);
  });
});

describe('parseFilter (501)', () => {
  it.each([
    ['Budget mod 2 eq 0', "'mod' of non-integer values"],
    ['StartDate add 1 eq 2020-01-01', 'dates and times'],
    ["matchesPattern(Name,'^A')", "function 'matchesPattern'"],
    ["cast(Budget,'Edm.Int32') eq 1", "function 'cast'"],
    ['fractionalseconds(StartDate) eq 0', "function 'fractionalseconds'"],
    ['Name/any(t:t eq 1)', 'path expressions'],
    ["Name/Foo eq 'x'", 'path expressions'],
    ["Name has Sales.Pattern'Yellow'", "'has'"],
    ["Name eq Sales.Pattern'Yellow'", 'enumeration literals'],
    ['Name eq @p', 'parameter aliases'],
    ['$it/Name eq 1', "'$it'"],
    ["Name in ['a']", 'JSON array'],
    ['Score eq INF', 'INF/NaN'],
    ['geo.distance(A,B) lt 1', "function 'geo.distance'"],
    ['contains(Name,Description)', 'non-literal second argument'],
    ['(Id eq 1) eq true', 'comparing the result of a boolean expression'],
    ['Name in (Description)', "'in' with a non-list right operand"],
  ])('%s → %s', (input, message) => {
    expect(notImplemented(() => parseFilter(input, projects)).message).toContain(message);
  });
});

describe('arithmetic and the further functions', () => {
  it('parses arithmetic with OData precedence and result types', () => {
    expect(parseFilter('Budget add 2 mul Id gt -Budget', projects)).toEqual({
      kind: 'compare',
      op: 'gt',
      left: {
        kind: 'arith',
        op: 'add',
        type: 'Edm.Decimal',
        left: { kind: 'property', name: 'Budget', type: 'Edm.Decimal' },
        right: {
          kind: 'arith',
          op: 'mul',
          type: 'Edm.Int32',
          left: { kind: 'integer', text: '2' },
          right: { kind: 'property', name: 'Id', type: 'Edm.Int32' },
        },
      },
      right: { kind: 'neg', type: 'Edm.Decimal', operand: { kind: 'property', name: 'Budget', type: 'Edm.Decimal' } },
    });
    expect(parseFilter('Id div 2 eq 1', projects)).toMatchObject({ left: { op: 'div', type: 'Edm.Int32' } });
    expect(parseFilter('Id divby 2 eq 1', projects)).toMatchObject({ left: { op: 'divby', type: 'Edm.Decimal' } });
    expect(parseFilter('Id sub 1.5e0 gt 0', projects)).toMatchObject({ left: { type: 'Edm.Double' } });
  });

  it('types function calls', () => {
    expect(parseFilter('length(trim(Name)) eq 3', projects)).toMatchObject({
      left: { kind: 'call', fn: 'length', type: 'Edm.Int32', args: [{ kind: 'call', fn: 'trim', type: 'Edm.String' }] },
    });
    expect(parseFilter("substring(Name,1,2) eq 'ab'", projects)).toMatchObject({
      left: { kind: 'call', fn: 'substring', args: [{}, { kind: 'integer' }, { kind: 'integer' }] },
    });
    expect(parseFilter("contains(concat(Name,'x'),'ax')", projects)).toMatchObject({ kind: 'match', target: { kind: 'call', fn: 'concat' } });
    expect(parseFilter('round(Budget) eq 2', projects)).toMatchObject({ left: { type: 'Edm.Decimal' } });
  });

  it.each([
    ['Name add 1 eq 2', 'numeric operands'],
    ['length(Budget) eq 1', 'requires a string argument'],
    ["substring(Name,'1') eq 'x'", 'requires a integer argument'],
    ['indexof(Name) eq 1', 'expects 2 argument'],
    ["length(Name) eq 'x'", 'cannot compare'],
    ['-(Id eq 1) eq 1', 'numeric operands'],
  ])('400 for %s', (input, message) => {
    expect(() => parseFilter(input, projects)).toThrow(ODataSyntaxError);
    expect(() => parseFilter(input, projects)).toThrow(message);
  });
});

describe('parseOrderBy / parseSelect / top / skip', () => {
  it('parses orderby items', () => {
    expect(parseOrderBy('Name desc,Id', projects)).toEqual([
      { property: 'Name', direction: 'desc' },
      { property: 'Id', direction: 'asc' },
    ]);
    expect(parseOrderBy('Name\tASC , Budget desc', projects)).toEqual([
      { property: 'Name', direction: 'asc' },
      { property: 'Budget', direction: 'desc' },
    ]);
  });

  it('rejects bad orderby', () => {
    expect(syntaxError(() => parseOrderBy('Foo', projects)).message).toBe("$orderby: unknown property 'Foo' at position 0");
    expect(syntaxError(() => parseOrderBy('Name,', projects)).position).toBe(5);
    expect(syntaxError(() => parseOrderBy('Name sideways', projects)).message).toContain("expected ',' or end");
    expect(syntaxError(() => parseOrderBy('', projects)).message).toContain('expected a property name');
    expect(parseOrderBy('tolower(Name) desc,Id', projects)).toEqual([
      { property: 'tolower(Name)', direction: 'desc', expr: { kind: 'case', fn: 'tolower', arg: { kind: 'property', name: 'Name', type: 'Edm.String' } } },
      { property: 'Id', direction: 'asc' },
    ]);
    expect(notImplemented(() => parseOrderBy('Id ge Budget asc', projects)).message).toContain('boolean expression');
  });

  it('parses select', () => {
    expect(parseSelect('*', projects)).toEqual({ kind: 'all' });
    expect(parseSelect(' Name , Id,Name', projects)).toEqual({ kind: 'properties', properties: ['Name', 'Id'] });
    expect(parseSelect('Name,*', projects)).toEqual({ kind: 'all' });
    expect(syntaxError(() => parseSelect('Name,Nope', projects)).message).toBe("$select: unknown property 'Nope' at position 5");
    expect(syntaxError(() => parseSelect('Name,', projects)).message).toContain('expected a property name');
    expect(syntaxError(() => parseSelect("Name'", projects)).message).toContain("expected ',' or end");
    expect(notImplemented(() => parseSelect('Name/Foo', projects))).toBeInstanceOf(ODataNotImplementedError);
    expect(notImplemented(() => parseSelect('Model.*', projects))).toBeInstanceOf(ODataNotImplementedError);
  });

  it('parses top and skip as non-negative integers only', () => {
    expect(parseTop('0')).toBe(0);
    expect(parseSkip('25')).toBe(25);
    for (const bad of ['-1', '1.5', '', ' 1', '+1', '1e3', 'abc', '99999999999999999']) {
      expect(syntaxError(() => parseTop(bad)).message).toMatch(/^\$top: expected a non-negative integer/);
      expect(syntaxError(() => parseSkip(bad)).message).toMatch(/^\$skip: /);
    }
  });
});

describe('parseQueryOptions', () => {
  it('splits, percent-decodes names and values and parses all supported options', () => {
    const q = parseQueryOptions(
      "?%24top=5&$skip=10&$filter=Name%20eq%20'a+b'&$orderby=Name desc,Id&$select=*&$count=true&$skiptoken=abc%3D&$format=json&custom=1&flag",
      projects,
    );
    expect(q).toEqual({
      top: 5,
      skip: 10,
      filter: { kind: 'compare', op: 'eq', left: { kind: 'property', name: 'Name', type: 'Edm.String' }, right: { kind: 'string', value: 'a+b' } },
      orderby: [
        { property: 'Name', direction: 'desc' },
        { property: 'Id', direction: 'asc' },
      ],
      select: { kind: 'all' },
      count: true,
      skiptoken: 'abc=',
      format: 'json',
    });
  });

  it('accepts JSON format variants and empty input', () => {
    expect(parseQueryOptions('$format=application/json;odata.metadata=minimal', projects).format).toBe('json');
    expect(parseQueryOptions('$format=JSON', projects).format).toBe('json');
    expect(parseQueryOptions('', projects)).toEqual({});
    expect(parseQueryOptions('?', projects)).toEqual({});
    expect(parseQueryOptions('$count=false', projects).count).toBe(false);
  });

  it('rejects duplicates (also differently encoded / cased) with 400', () => {
    expect(syntaxError(() => parseQueryOptions('$top=1&%24top=2', projects)).message).toContain('$top: duplicate system query option');
    expect(syntaxError(() => parseQueryOptions('$filter=true&$FILTER=true', projects)).message).toContain('duplicate');
  });

  it('rejects unknown $-options and malformed values with 400', () => {
    expect(syntaxError(() => parseQueryOptions('$foo=1', projects)).message).toContain("unknown system query option '$foo'");
    expect(syntaxError(() => parseQueryOptions('$top=-1', projects)).message).toContain('$top');
    expect(syntaxError(() => parseQueryOptions('$count=yes', projects)).message).toContain('$count');
    expect(syntaxError(() => parseQueryOptions('$count', projects)).message).toContain("missing '='");
    expect(syntaxError(() => parseQueryOptions('$filter=%E0%A4%A', projects)).message).toContain('percent-encoding');
    expect(syntaxError(() => parseQueryOptions('$filter=Id eq 1#x', projects)).message).toContain("'#'");
    expect(syntaxError(() => parseQueryOptions('$filter=Nope eq 1', projects)).message).toBe("$filter: unknown property 'Nope' at position 0");
  });

  it.each([
    '$expand=*',
    '$apply=topcount(1,Capex)',
    '$search=blue',
    '$compute=Id as X',
    '$levels=2',
    '$index=1',
    '$schemaversion=1',
    '$format=xml',
    '$format=application/json;odata.metadata=full',
    '@p=1',
  ])('%s → 501', (q) => {
    expect(notImplemented(() => parseQueryOptions(q, projects))).toBeInstanceOf(ODataNotImplementedError);
  });
});
