// The lines `npm start` prints once it listens: every URL in them opens a page in a browser
// (test/browser/start-banner.browser-spec.ts opens each one).

export function startBanner(base: string, database: string, demoTenant: string | null, version?: string): string[] {
  const tenant = demoTenant ?? '<tenant>';
  return [
    `IPS server ${version ? `${version} ` : ''}listening on ${base}`,
    `  Database: ${database}`,
    `  Tenant website: ${base}/${tenant}/   PlanningSpace Web: ${base}/${tenant}/PlanningSpace/`,
    `  Generate API Key: ${base}/${tenant}/PlanningSpace/#/generateApiKey`,
    `  OData feed (Basic FeedKey + API key): ${base}/${tenant}/odata/`,
    `  Swagger UI: ${base}/api/docs   OpenAPI: ${base}/api/docs-json   Health: ${base}/health`,
    `  IPS administration (HTTP Basic as admin): ${base}/api/docs#/IPS%20administration`,
    ...(demoTenant ? [] : ['  Create a tenant with POST /admin/api/tenants, then open its website.']),
    '',
  ];
}
