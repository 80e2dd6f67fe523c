// Deterministic sample planning data for the demo tenant and the data generator: project n
// always gets the same values, so re-running the generator continues where it stopped.
import { CashflowDto, ProjectDto } from './dto/project.dto';
import { PROJECT_STATUSES } from './project.entity';

export const SAMPLE_PREFIX = 'Sample project ';
const REGIONS = ['North Sea', 'Gulf of Mexico', 'Permian', 'Brazil Pre-salt', 'West Africa', 'Middle East', 'Australia', 'Norway'];
const OWNERS = ['Ana Analyst', 'Eric Engineer', "Ciarán O'Brien", null, 'Zoë Lambert'];

/** Small seeded generator (mulberry32): fast, repeatable, good enough for sample numbers. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const money = (value: number) => Math.round(value * 100) / 100;

export interface SampleProject {
  project: Omit<ProjectDto, 'owner'> & { owner: string | null };
  cashflows: CashflowDto[];
}

export function sampleProject(n: number, years = 50): SampleProject {
  const next = random(n * 7919 + 17);
  const firstYear = 2000 + Math.floor(next() * 30);
  const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
  const capex = money(1e6 + next() * 5e8);
  const cashflows: CashflowDto[] = [];
  let npv = 0;
  for (let i = 0; i < years; i++) {
    const revenue = i < 2 ? 0 : money(next() * capex * 0.3);
    const opex = i < 2 ? 0 : money(revenue * (0.2 + next() * 0.3));
    const yearCapex = i < 2 ? money(capex / 2) : money(next() < 0.1 ? capex * 0.05 : 0);
    const netCashflow = money(revenue - opex - yearCapex);
    npv += netCashflow / Math.pow(1.1, i);
    cashflows.push({ year: firstYear + i, revenue, opex, capex: yearCapex, netCashflow });
  }
  return {
    project: {
      name: `${SAMPLE_PREFIX}${String(n).padStart(6, '0')}`,
      region: REGIONS[Math.floor(next() * REGIONS.length)],
      status: PROJECT_STATUSES[Math.floor(next() * PROJECT_STATUSES.length)],
      owner: OWNERS[Math.floor(next() * OWNERS.length)],
      startDate: `${firstYear}-${month}-${day}`,
      capex,
      npv: money(npv),
    },
    cashflows,
  };
}
