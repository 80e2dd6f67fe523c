// Shared set-up for the OData e2e tests: a tenant with a Data/Read API key, deterministic
// planning data loaded with ProjectsService.insertBatch, and a raw HTTP client that exposes
// the raw header list (to count OData-Version occurrences).
import http from 'node:http';
import { DataSource } from 'typeorm';
import { ProjectsService } from '../../src/projects/projects.service';
import { TenantsService } from '../../src/tenants/tenants.service';
import { basic, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from './api';
import { TestApp } from './test-app';

/** Exactly what Excel/Power BI Power Query sends (SPEC 9). */
export const POWER_QUERY_HEADERS = {
  Accept:
    'application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7',
  'OData-MaxVersion': '4.0',
  'User-Agent': 'Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)',
};

export interface FeedTenant {
  name: string;
  id: number;
  key: string;
  /** Authorization header value with the API key. */
  auth: string;
}

/** Creates a tenant and a reader (Security/API Key + Data/Read) and generates its API key. */
export async function feedTenant(t: TestApp, name: string): Promise<FeedTenant> {
  await createTenant(t, name);
  const admin = await signIn(t, name, 'Administrator', TENANT_ADMIN_PASSWORD);
  await createUserWithRoles(admin, name, 'reader', ['Security/API Key', 'Data/Read']);
  const reader = await signIn(t, name, 'reader', USER_PASSWORD);
  const res = await reader.post(`/${name}/api/v1/me/api-key`);
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${JSON.stringify(res.body)}`);
  const tenant = await t.app.get(TenantsService).findByName(name);
  return { name, id: tenant!.id, key: res.body.key, auth: basic('FeedKey', res.body.key) };
}

const REGIONS = ['North Sea', 'Gulf of Mexico', 'Permian', 'Brazil', 'West Africa'];
const STATUSES = ['Proposed', 'Approved', 'Producing', 'Abandoned'] as const;
const OWNERS = ['Ana Analyst', 'Eric Engineer', "Ciarán O'Brien", null, 'Zoë Lambert'];

/** Project n of a data set: deterministic, with every property type and some nulls. */
export function projectInput(n: number, years: number, firstYear = 2000) {
  const cents = (x: number) => Math.round(x * 100) / 100;
  return {
    project: {
      name: `Field ${String(n).padStart(5, '0')}${n % 7 === 0 ? ' Deep' : ''}`,
      region: REGIONS[n % REGIONS.length],
      status: STATUSES[n % STATUSES.length],
      owner: OWNERS[n % OWNERS.length],
      startDate: `${2001 + (n % 20)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`,
      capex: cents(1_000_000 + ((n * 7919) % 500_000) * 1000.37),
      npv: cents(((n * 104729) % 2_000_000) * 1.01 - 500_000),
    },
    cashflows: Array.from({ length: years }, (_, i) => {
      const revenue = cents(((n * 31 + i * 17) % 1000) * 1234.56);
      const opex = cents(revenue * 0.25);
      const capex = i < 2 ? cents(500_000 + n) : 0;
      return { year: firstYear + i, revenue, opex, capex, netCashflow: cents(revenue - opex - capex) };
    }),
  };
}

/** Inserts projects from..to (inclusive numbering) with `years` cashflows each, in batches. */
export async function loadProjects(t: TestApp, tenantId: number, from: number, to: number, years: number): Promise<void> {
  const service = t.app.get(ProjectsService);
  for (let start = from; start <= to; start += 100) {
    const batch = [];
    for (let n = start; n <= Math.min(to, start + 99); n++) batch.push(projectInput(n, years));
    await service.insertBatch(tenantId, batch);
  }
}

/**
 * Tenant `acme` with projects `acme[0]..acme[1]`, beside tenant `other` with projects
 * `other[0]..other[1]` that no answer to acme may include; `years` cashflows each. The data
 * source is for the reference queries the tests compare the feed with.
 */
export async function feedBesideOtherTenant(
  t: TestApp,
  projects: { acme: [number, number]; other: [number, number]; years: number },
): Promise<{ acme: FeedTenant; db: DataSource }> {
  const acme = await feedTenant(t, 'acme');
  const other = await feedTenant(t, 'other');
  await loadProjects(t, acme.id, ...projects.acme, projects.years);
  await loadProjects(t, other.id, ...projects.other, projects.years);
  return { acme, db: t.app.get(DataSource) };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  text: string;
  /** The body bytes as received (still compressed when Content-Encoding says so). */
  body: Buffer;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** GET with node:http so the raw header list is visible; `url` is absolute. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, text, body, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** How many times a header occurs in the raw response. */
export function headerCount(res: RawResponse, name: string): number {
  return res.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === name.toLowerCase()).length;
}

export function destroyAgent(): void {
  agent.destroy();
}
