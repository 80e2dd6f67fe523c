import { resolveRoles, ROLE_NAMES } from './role-catalogue';

const everyone = (roles = {}) => ({ builtIn: 'Everyone', roles });
const group = (roles = {}) => ({ builtIn: null, roles });

describe('resolveRoles', () => {
  it('gives nothing when no workgroup allows anything', () => {
    expect(resolveRoles([everyone(), group()])).toEqual([]);
  });

  it('gives roles Allowed by any workgroup, including Everyone', () => {
    expect(resolveRoles([everyone({ 'Data/Read': 'Allowed' }), group({ 'Security/API Key': 'Allowed' })])).toEqual(['Security/API Key', 'Data/Read']);
  });

  it('lets Denied in any workgroup win over Allowed in another', () => {
    const roles = resolveRoles([
      everyone({ 'Data/Read': 'Allowed', 'Data/Write': 'Allowed' }),
      group({ 'Data/Write': 'Denied' }),
      group({ 'Data/Write': 'Allowed' }),
    ]);
    expect(roles).toEqual(['Data/Read']);
  });

  it('treats a Denied role that no workgroup allows as not held', () => {
    expect(resolveRoles([group({ 'Data/Read': 'Denied' })])).toEqual([]);
  });

  it('gives Administrators every role whatever other workgroups deny', () => {
    const roles = resolveRoles([everyone({ 'Security/API Key': 'Denied', 'Data/Read': 'Denied' }), { builtIn: 'Administrators', roles: {} }]);
    expect(roles).toEqual([...ROLE_NAMES]);
  });

  it('does not give every role to a workgroup merely named like Administrators', () => {
    expect(resolveRoles([{ builtIn: null, roles: {} }])).toEqual([]);
  });
});
