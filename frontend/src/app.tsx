import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, Me, tenant, TenantInfo } from './api';
import { useHashRoute } from './hooks';
import { TopBar } from './top-bar';
import { SignIn } from './sign-in';
import { ChangePassword } from './change-password';
import { AdminTabs, Launch } from './launch';
import { PlanningSpaceHome } from './planning-space';
import { GenerateApiKey } from './generate-api-key';
import { SettingsPage } from './admin/settings';
import { UsersPage } from './admin/users';
import { WorkgroupsPage } from './admin/workgroups';
import { AuditPage } from './admin/audit';
import { Message } from './ui';

const inPlanningSpace = /^\/[^/]+\/PlanningSpace(\/|$)/i.test(location.pathname);

type State =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'signed-out'; info: TenantInfo } | { kind: 'signed-in'; info: TenantInfo; me: Me };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const route = useHashRoute();

  const load = useCallback(async () => {
    try {
      const info = await api.get<TenantInfo>('/tenant-info');
      try {
        const me = await api.get<Me>('/me');
        setState({ kind: 'signed-in', info, me });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) setState({ kind: 'signed-out', info });
        else throw error;
      }
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  }, []);

  useEffect(() => {
    void load();
    // A 401 anywhere (session expired or ended elsewhere) brings the sign-in form back.
    const onSignedOut = () => setState((s) => (s.kind === 'signed-in' ? { kind: 'signed-out', info: s.info } : s));
    window.addEventListener('ips:signed-out', onSignedOut);
    return () => window.removeEventListener('ips:signed-out', onSignedOut);
  }, [load]);

  if (state.kind === 'loading')
    return (
      <main id="main" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  if (state.kind === 'error') {
    return (
      <main id="main">
        <h1>{tenant}</h1>
        <Message kind="error">{state.message}</Message>
      </main>
    );
  }
  if (state.kind === 'signed-out') {
    return (
      <>
        <TopBar me={null} planningSpace={inPlanningSpace} />
        <SignIn info={state.info} onSignedIn={load} />
      </>
    );
  }
  const { me, info } = state;
  if (me.mustChangePassword) {
    return (
      <>
        <TopBar me={me} planningSpace={inPlanningSpace} />
        <ChangePassword me={me} required onChanged={load} />
      </>
    );
  }
  return (
    <>
      <TopBar me={me} planningSpace={inPlanningSpace} />
      <Page route={route} me={me} info={info} reload={load} />
    </>
  );
}

function Page({ route, me, info, reload }: { route: string; me: Me; info: TenantInfo; reload: () => Promise<void> }) {
  switch (route) {
    case 'generateApiKey':
      return <GenerateApiKey me={me} />;
    case 'changePassword':
      return <ChangePassword me={me} required={false} onChanged={reload} />;
    case 'settings':
      return (
        <>
          <AdminTabs current="settings" />
          <SettingsPage />
        </>
      );
    case 'users':
      return (
        <>
          <AdminTabs current="users" />
          <UsersPage me={me} />
        </>
      );
    case 'workgroups':
      return (
        <>
          <AdminTabs current="workgroups" />
          <WorkgroupsPage />
        </>
      );
    case 'audit':
      return (
        <>
          <AdminTabs current="audit" />
          <AuditPage />
        </>
      );
    default:
      return inPlanningSpace ? <PlanningSpaceHome me={me} /> : <Launch me={me} info={info} />;
  }
}
