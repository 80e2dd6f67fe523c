// The fixed role catalogue (SPEC 3) and role resolution: Allowed by any workgroup minus
// Denied by any, Denied wins; members of Administrators hold every role.

export const ROLE_NAMES = ['Security/Security', 'Security/API Key', 'Data/Read', 'Data/Write'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export type RoleSetting = 'Allowed' | 'Denied';

export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  'Security/Security': "Manage users, workgroups and other users' API keys",
  'Security/API Key': 'Generate an API key and use one',
  'Data/Read': 'Read planning data',
  'Data/Write': 'Change planning data',
};

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}

export interface WorkgroupRoles {
  builtIn: string | null;
  roles: Partial<Record<string, RoleSetting>>;
}

/**
 * Roles of a user given every workgroup they belong to (Everyone included by the caller).
 * Returned in catalogue order.
 */
export function resolveRoles(workgroups: readonly WorkgroupRoles[]): RoleName[] {
  if (workgroups.some((w) => w.builtIn === 'Administrators')) return [...ROLE_NAMES];
  const allowed = new Set<string>();
  const denied = new Set<string>();
  for (const workgroup of workgroups) {
    for (const [role, setting] of Object.entries(workgroup.roles)) {
      if (setting === 'Allowed') allowed.add(role);
      else if (setting === 'Denied') denied.add(role);
    }
  }
  return ROLE_NAMES.filter((role) => allowed.has(role) && !denied.has(role));
}
