// Parser: any/all lambdas over navigation properties and $expand with nested options.
import { ODataNotImplementedError, ODataSyntaxError } from './odata-errors';
import { parseExpand, splitTopLevel } from './odata-expand';
import { parseFilter } from './odata-parser';
import { CASHFLOWS_SET, PROJECTS_SET } from '../planning-model';

describe('lambda operators', () => {
  it('parses any/all with a variable, scoped properties and the outer entity', () => {
    expect(parseFilter("Cashflows/any(c: c/Year ge 2040 and Name eq 'x')", PROJECTS_SET)).toEqual({
      kind: 'lambda',
      op: 'any',
      navigation: 'Cashflows',
      variable: 'c',
      predicate: {
        kind: 'and',
        operands: [
          { kind: 'compare', op: 'ge', left: { kind: 'property', name: 'Year', type: 'Edm.Int32', variable: 'c' }, right: { kind: 'integer', text: '2040' } },
          { kind: 'compare', op: 'eq', left: { kind: 'property', name: 'Name', type: 'Edm.String' }, right: { kind: 'string', value: 'x' } },
        ],
      },
    });
    expect(parseFilter('Cashflows/any()', PROJECTS_SET)).toEqual({ kind: 'lambda', op: 'any', navigation: 'Cashflows', variable: null, predicate: null });
    expect(parseFilter('not Cashflows/all(x:x/NetCashflow gt 0)', PROJECTS_SET)).toMatchObject({
      kind: 'not',
      operand: { kind: 'lambda', op: 'all', variable: 'x' },
    });
  });

  it.each([
    ['Cashflows/any(c:c/Nope eq 1)', 'unknown property'],
    ['Cashflows/any(c:d/Year eq 1)', "unknown property 'd'"],
    ['Cashflows/all()', "'all' needs"],
    ['Cashflows/any(c c/Year eq 1)', "expected ':'"],
    ['Cashflows/any(c:c/Year)', 'must be a boolean'],
    ['Cashflows/any(c:Cashflows/any(c:c/Year eq 1))', 'already in use'],
    ['Cashflows/some(c:true)', 'expected any(...) or all(...)'],
    ['c/Year eq 1', "unknown property 'c'"],
  ])('400 for %s', (text, message) => {
    expect(() => parseFilter(text, PROJECTS_SET)).toThrow(ODataSyntaxError);
    expect(() => parseFilter(text, PROJECTS_SET)).toThrow(message);
  });

  it('answers 501 for paths it does not serve', () => {
    expect(() => parseFilter("Project/Name eq 'x'", CASHFLOWS_SET)).toThrow(ODataNotImplementedError);
    expect(() => parseFilter('Cashflows/$count gt 1', PROJECTS_SET)).toThrow(ODataNotImplementedError);
    expect(() => parseFilter('Items/any(d:d/Quantity gt 100)', null)).toThrow(ODataNotImplementedError);
  });
});

describe('$expand', () => {
  it('parses navigation properties with nested options against the target set', () => {
    expect(parseExpand('Cashflows($filter=Year ge 2040;$select=Year,NetCashflow;$orderby=Year desc;$top=5)', PROJECTS_SET, parseFilter)).toEqual([
      {
        navigation: 'Cashflows',
        rawOptions: [
          ['$filter', 'Year ge 2040'],
          ['$select', 'Year,NetCashflow'],
          ['$orderby', 'Year desc'],
          ['$top', '5'],
        ],
        filter: { kind: 'compare', op: 'ge', left: { kind: 'property', name: 'Year', type: 'Edm.Int32' }, right: { kind: 'integer', text: '2040' } },
        select: { kind: 'properties', properties: ['Year', 'NetCashflow'] },
        orderby: [{ property: 'Year', direction: 'desc' }],
        top: 5,
      },
    ]);
    expect(parseExpand('Project($select=Name)', CASHFLOWS_SET, parseFilter)).toEqual([
      { navigation: 'Project', rawOptions: [['$select', 'Name']], select: { kind: 'properties', properties: ['Name'] } },
    ]);
    // A ';' or ')' inside a string literal does not end the option.
    expect(splitTopLevel("$filter=Name eq 'a;b)'')';$top=1", ';', '$expand')).toEqual([
      { part: "$filter=Name eq 'a;b)'')'", offset: 0 },
      { part: '$top=1', offset: 26 },
    ]);
  });

  it.each([
    ['Name', 'not a navigation property'],
    ['Cashflows,Cashflows', 'expanded twice'],
    ['Cashflows(', "expected ')'"],
    ['Cashflows()', 'empty options'],
    ['Cashflows($filter=Nope eq 1)', "unknown property 'Nope'"],
    ['Cashflows($top=1;$top=2)', 'given twice'],
    ['Cashflows($foo=1)', 'unknown nested query option'],
  ])('400 for %s', (text, message) => {
    expect(() => parseExpand(text, PROJECTS_SET, parseFilter)).toThrow(ODataSyntaxError);
    expect(() => parseExpand(text, PROJECTS_SET, parseFilter)).toThrow(message);
  });

  it('reports nested errors at their position in the $expand value', () => {
    try {
      parseExpand('Cashflows($filter=Year eq)', PROJECTS_SET, parseFilter);
      throw new Error('parsed');
    } catch (error) {
      expect(error).toBeInstanceOf(ODataSyntaxError);
      expect((error as ODataSyntaxError).position).toBe(25);
    }
  });

  it('answers 501 for valid expansions it does not serve', () => {
    for (const text of ['*', 'Cashflows/$ref', 'Cashflows($expand=Project)', 'Cashflows($levels=2)', 'Cashflows($skip=1)']) {
      expect(() => parseExpand(text, PROJECTS_SET, parseFilter)).toThrow(ODataNotImplementedError);
    }
  });
});
