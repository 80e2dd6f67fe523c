import { CASHFLOWS_SET, PROJECTS_SET } from './planning-model';
import { MAX_PAGE_SIZE, parseResourcePath, preferredPageSize } from './odata-request';
import { ODataNotImplementedError, ODataSyntaxError } from './query/odata-errors';

describe('parseResourcePath', () => {
  it('resolves the service document, $metadata, sets, /$count and keys', () => {
    expect(parseResourcePath('')).toEqual({ kind: 'service' });
    expect(parseResourcePath('$metadata')).toEqual({ kind: 'metadata' });
    expect(parseResourcePath('Projects')).toEqual({ kind: 'collection', set: PROJECTS_SET });
    expect(parseResourcePath('Projects/')).toEqual({ kind: 'collection', set: PROJECTS_SET });
    expect(parseResourcePath('Cashflows/$count')).toEqual({ kind: 'count', set: CASHFLOWS_SET });
    expect(parseResourcePath('Projects(42)')).toEqual({ kind: 'entity', set: PROJECTS_SET, key: { Id: 42 } });
    expect(parseResourcePath('Projects(Id=-7)')).toEqual({ kind: 'entity', set: PROJECTS_SET, key: { Id: -7 } });
    expect(parseResourcePath('Cashflows(ProjectId=1,Year=2030)')).toEqual({ kind: 'entity', set: CASHFLOWS_SET, key: { ProjectId: 1, Year: 2030 } });
    expect(parseResourcePath('Cashflows(Year%3D2030%2CProjectId%3D1)')).toEqual({ kind: 'entity', set: CASHFLOWS_SET, key: { ProjectId: 1, Year: 2030 } });
  });

  it('reports unknown resources as not found', () => {
    for (const path of ['projects', 'Wells', 'Projects(1)/Nope', '$metadata/x', 'Projects/$counts', 'Pro jects']) {
      expect(parseResourcePath(path).kind).toBe('not-found');
    }
  });

  it('rejects bad keys with 400 and unsupported addressing with 501', () => {
    for (const path of [
      "Projects('a')",
      'Projects(2147483648)',
      'Projects(1.5)',
      'Projects()',
      'Cashflows(1)',
      'Cashflows(ProjectId=1)',
      'Cashflows(ProjectId=1,ProjectId=2)',
      'Projects(Nope=1)',
      'Projects%ZZ',
    ]) {
      expect(() => parseResourcePath(path)).toThrow(ODataSyntaxError);
    }
    for (const path of ['Projects(1)/Name', 'Projects(1)/Name/$value', 'Projects/1', 'Projects/$ref', '$batch', '$crossjoin(Projects,Cashflows)']) {
      expect(() => parseResourcePath(path)).toThrow(ODataNotImplementedError);
    }
  });
});

describe('preferredPageSize', () => {
  it('reads odata.maxpagesize among other preferences and caps it', () => {
    expect(preferredPageSize(undefined)).toBeNull();
    expect(preferredPageSize('odata.maxpagesize=50')).toBe(50);
    expect(preferredPageSize('return=minimal, odata.maxpagesize="20"')).toBe(20);
    expect(preferredPageSize(['respond-async', 'maxpagesize=7'])).toBe(7);
    expect(preferredPageSize('odata.maxpagesize=999999')).toBe(MAX_PAGE_SIZE);
    for (const bad of ['odata.maxpagesize=0', 'odata.maxpagesize=-1', 'odata.maxpagesize=abc', 'odata.maxpagesize=', 'odata.track-changes']) {
      expect(preferredPageSize(bad)).toBeNull();
    }
  });
});
