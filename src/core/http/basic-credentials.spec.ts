import { parseBasicAuthorization } from './basic-credentials';

const basic = (text: string) => 'Basic ' + Buffer.from(text, 'utf8').toString('base64');

describe('parseBasicAuthorization', () => {
  it('splits on the first colon, keeping colons in the secret', () => {
    expect(parseBasicAuthorization(basic('alice:pa:ss:word'))).toEqual({ name: 'alice', secret: 'pa:ss:word' });
  });

  it('accepts user names with spaces (Account Key) and any scheme case', () => {
    expect(parseBasicAuthorization('basic ' + Buffer.from('Account Key:psk_x').toString('base64'))).toEqual({ name: 'Account Key', secret: 'psk_x' });
  });

  it('keeps an empty secret and UTF-8 characters', () => {
    expect(parseBasicAuthorization(basic('zoë:'))).toEqual({ name: 'zoë', secret: '' });
  });

  it('refuses headers without a colon, other schemes and garbage', () => {
    expect(parseBasicAuthorization(basic('nocolon'))).toBeNull();
    expect(parseBasicAuthorization('Bearer abc')).toBeNull();
    expect(parseBasicAuthorization('Basic')).toBeNull();
    expect(parseBasicAuthorization('Basic a b')).toBeNull();
    expect(parseBasicAuthorization(undefined)).toBeNull();
  });
});
