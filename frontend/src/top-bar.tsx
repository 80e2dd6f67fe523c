import { Me, planningSpaceUrl, ROLE_API_KEY, tenant, tenantBase } from './api';
import { UserMenu } from './user-menu';

export function TopBar({ me, planningSpace }: { me: Me | null; planningSpace: boolean }) {
  return (
    <header class="top-bar">
      <a class="brand" href={planningSpace ? `${planningSpaceUrl}#/` : `${tenantBase}/#/`}>
        {planningSpace ? 'PlanningSpace Web' : 'IPS'} <span class="tenant">{tenant}</span>
      </a>
      {me && <UserMenu me={me} canGenerateKey={me.roles.includes(ROLE_API_KEY)} planningSpace={planningSpace} />}
    </header>
  );
}
