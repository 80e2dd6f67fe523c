import { canAdminister, Me, planningSpaceUrl, TenantInfo } from './api';
import { usePageTitle } from './hooks';

export function AdminNav({ me }: { me: Me }) {
  if (!canAdminister(me)) return null;
  return (
    <nav aria-label="Administration" class="admin-nav">
      <h2>Administration</h2>
      <ul>
        <li>
          <a href="#/settings">Tenant settings</a>
        </li>
        <li>
          <a href="#/users">Users</a>
        </li>
        <li>
          <a href="#/workgroups">Workgroups</a>
        </li>
        <li>
          <a href="#/audit">Audit log</a>
        </li>
      </ul>
    </nav>
  );
}

/** The tenant's launch page once signed in (SPEC 5). */
export function Launch({ me, info }: { me: Me; info: TenantInfo }) {
  usePageTitle(info.name);
  return (
    <main id="main">
      <h1>{info.name}</h1>
      <p>
        Signed in as <strong>{me.displayName}</strong> ({me.loginId}).
      </p>
      {info.previewWebFeatures && (
        <section aria-labelledby="launch-heading" class="launch">
          <h2 id="launch-heading">Launch</h2>
          <button type="button" class="primary launch-button" onClick={() => location.assign(planningSpaceUrl)}>
            PlanningSpace Web
          </button>
        </section>
      )}
      <AdminNav me={me} />
    </main>
  );
}

const ADMIN_PAGES = [
  ['settings', 'Tenant settings'],
  ['users', 'Users'],
  ['workgroups', 'Workgroups'],
  ['audit', 'Audit log'],
] as const;

/** Tabs above each administration page, the current one marked for assistive technology. */
export function AdminTabs({ current }: { current: string }) {
  return (
    <nav aria-label="Administration pages" class="admin-tabs">
      <ul>
        {ADMIN_PAGES.map(([route, label]) => (
          <li key={route}>
            <a href={`#/${route}`} aria-current={route === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
