import { Me, ROLE_API_KEY } from './api';
import { usePageTitle } from './hooks';
import { AdminNav } from './launch';

export function PlanningSpaceHome({ me }: { me: Me }) {
  usePageTitle('PlanningSpace Web');
  return (
    <main id="main">
      <h1>PlanningSpace Web</h1>
      <p>Welcome, {me.displayName}. Your account and its tools are in the menu under your name at the top right.</p>
      {me.roles.includes(ROLE_API_KEY) && (
        <p>
          <a href="#/generateApiKey">Generate API Key</a> for Excel, Power BI or automation.
        </p>
      )}
      <AdminNav me={me} />
    </main>
  );
}
