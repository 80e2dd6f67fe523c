import { IncomingMessage } from 'node:http';
import { requestId, requestLogLevel } from './request-log';

const withHeader = (value?: string) => ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as unknown as IncomingMessage;

describe('request log', () => {
  it("keeps a caller's plain request id and replaces anything else by a UUID", () => {
    expect(requestId(withHeader('edge-1234.abc'))).toBe('edge-1234.abc');
    for (const bad of [undefined, '', 'a b', 'x'.repeat(65), 'line\nbreak']) {
      expect(requestId(withHeader(bad))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('logs health checks and static assets at debug, everything else at info', () => {
    expect(requestLogLevel('/health')).toBe('debug');
    expect(requestLogLevel('/health/live')).toBe('debug');
    expect(requestLogLevel('/api/web/assets/index-abc.js')).toBe('debug');
    expect(requestLogLevel('/healthy/odata')).toBe('info');
    expect(requestLogLevel('/acme/api/v1/projects')).toBe('info');
  });
});
