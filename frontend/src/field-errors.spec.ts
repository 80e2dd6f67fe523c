import { errorsByField } from './field-errors';

describe('errorsByField', () => {
  const fields = ['saml', 'saml.idpSsoUrl', 'saml.allowedDomains', 'loginMethods', 'loginMethods.local', 'password'];

  it('puts a message beside the field it starts with, the longest name winning', () => {
    expect(errorsByField('saml.idpSsoUrl must be an http(s) URL', fields)).toEqual({ 'saml.idpSsoUrl': 'saml.idpSsoUrl must be an http(s) URL' });
    expect(errorsByField('loginMethods.local must be a boolean value', fields)).toEqual({ 'loginMethods.local': 'loginMethods.local must be a boolean value' });
  });

  it('splits joined messages and keeps the unplaced ones for the form', () => {
    expect(errorsByField('saml.allowedDomains must hold domain names; property foo should not exist; This is the last Administrator', fields)).toEqual({
      'saml.allowedDomains': 'saml.allowedDomains must hold domain names',
      '': 'property foo should not exist; This is the last Administrator',
    });
  });

  it('does not take a field name that is only a prefix of a word', () => {
    expect(errorsByField('passwordless sign-in is not available', fields)).toEqual({ '': 'passwordless sign-in is not available' });
  });
});
