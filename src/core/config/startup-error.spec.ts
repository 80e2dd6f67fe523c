import { describeStartupError } from './startup-error';

const mysql = { type: 'mysql' as const, url: 'mysql://ips:s3cret-pass@db.internal:3307/planning' };

describe('start-up error line', () => {
  it('names host, port, database and user with a hint, never the password', () => {
    const error = Object.assign(new Error("Access denied for user 'ips'@'10.0.0.5' (using password: YES)"), { code: 'ER_ACCESS_DENIED_ERROR' });
    const line = describeStartupError(error, mysql);
    expect(line).toContain('db.internal:3307');
    expect(line).toContain('database "planning"');
    expect(line).toContain('user "ips"');
    expect(line).toContain('using password: YES');
    expect(line).toContain('Hint: user or password is wrong');
    expect(line).not.toContain('s3cret-pass');
    expect(line).not.toContain('\n');
  });

  it('explains a refused connection and a missing SQLite file', () => {
    expect(describeStartupError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:3307'), { code: 'ECONNREFUSED' }), mysql)).toMatch(
      /is the database server running/,
    );
    expect(
      describeStartupError(Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }), { type: 'sqlite', path: '/x/ips.sqlite' }),
    ).toContain('SQLite file /x/ips.sqlite');
  });
});
