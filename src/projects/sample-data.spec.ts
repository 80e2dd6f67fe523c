import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { CashflowDto, ProjectDto } from './dto/project.dto';
import { sampleProject } from './sample-data';

describe('sample planning data', () => {
  it('is the same for the same project number and different across numbers', () => {
    expect(sampleProject(42)).toEqual(sampleProject(42));
    expect(sampleProject(42).project.capex).not.toEqual(sampleProject(43).project.capex);
  });

  it('passes the Web API validation, 50 consecutive years by default', () => {
    for (const n of [1, 2, 999, 20000]) {
      const sample = sampleProject(n);
      expect(validateSync(plainToInstance(ProjectDto, sample.project))).toEqual([]);
      for (const c of sample.cashflows) expect(validateSync(plainToInstance(CashflowDto, c))).toEqual([]);
      const years = sample.cashflows.map((c) => c.year);
      expect(years).toHaveLength(50);
      expect(years[49] - years[0]).toBe(49);
    }
  });

  it('keeps netCashflow = revenue - opex - capex to the cent', () => {
    for (const c of sampleProject(7).cashflows) expect(Math.round((c.revenue - c.opex - c.capex) * 100)).toBe(Math.round(c.netCashflow * 100));
  });
});
