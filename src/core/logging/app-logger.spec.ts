import { AppLogger, prettyLine, redact } from './app-logger';

describe('log redaction', () => {
  it('removes API keys, Authorization values and passwords', () => {
    const key = 'psk_' + 'a'.repeat(49);
    const text = redact(`key ${key} header authorization: Basic RmVlZEtleTpwc2s= body {"password":"hunter2hunter2"}`);
    expect(text).not.toContain(key.slice(4));
    expect(text).not.toContain('RmVlZEtleTpwc2s=');
    expect(text).not.toContain('hunter2hunter2');
  });

  it('keeps MySQL\'s "using password: YES", which names no password', () => {
    expect(redact("Access denied for user 'ips'@'localhost' (using password: YES)")).toBe("Access denied for user 'ips'@'localhost' (using password: YES)");
    expect(redact('password: hunter2hunter2)')).not.toContain('hunter2');
  });

  it('redacts structured fields by path, and patterns inside messages', () => {
    const lines: string[] = [];
    const logger = new AppLogger('info', (l) => lines.push(l));
    logger.record('info', { body: { password: 'secret-value-1' }, headers: { authorization: 'Basic abc' } }, 'psk_' + 'b'.repeat(49));
    const record = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(record).toMatchObject({ body: { password: '[REDACTED]' }, headers: { authorization: '[REDACTED]' }, msg: 'psk_[REDACTED]' });
    expect(lines[0]).not.toContain('secret-value-1');
  });

  it('redacts the names at the top of a record, one level down and under req.headers, and copies rather than changes the fields', () => {
    const lines: string[] = [];
    const fields = { key: 'k-1', tenant: 'acme', req: { headers: { cookie: 'ips_session=s-2', host: 'h' } }, nested: { secret: 's-3', kept: 1 } };
    new AppLogger('info', (l) => lines.push(l)).record('info', fields);
    expect(JSON.parse(lines[0])).toMatchObject({
      key: '[REDACTED]',
      tenant: 'acme',
      req: { headers: { cookie: '[REDACTED]', host: 'h' } },
      nested: { secret: '[REDACTED]', kept: 1 },
    });
    expect(lines[0]).not.toMatch(/k-1|s-2|s-3/);
    expect(fields.req.headers.cookie).toBe('ips_session=s-2');
  });

  it('writes one JSON object per line with level, time and message', () => {
    const lines: string[] = [];
    new AppLogger('info', (l) => lines.push(l)).log('hello', 'Test');
    const record = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'info', context: 'Test', msg: 'hello' });
    expect(typeof record.time).toBe('string');
  });

  it('writes readable lines in the pretty format', () => {
    const lines: string[] = [];
    new AppLogger('info', (l) => lines.push(l), 'pretty').warn('disk nearly full', 'Storage');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN {2}\[Storage\] disk nearly full$/);
    expect(prettyLine('not json')).toBe('not json');
  });

  it('drops records below the threshold', () => {
    const lines: string[] = [];
    new AppLogger('warn', (l) => lines.push(l)).log('quiet');
    expect(lines).toEqual([]);
  });
});
