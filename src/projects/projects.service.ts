import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { badRequest, notFound } from '../core/errors/domain-error';
import { CashflowDto, ProjectDto } from './dto/project.dto';
import { SampleProject } from './sample-data';
import { Cashflow, Project } from './project.entity';
import { CashflowView, ProjectView } from './dto/project-view.dto';
import { PlanningDataVersion } from './planning-data-version';

export enum ProjectErrorCode {
  NotFound = 'project-not-found',
  DuplicateYear = 'cashflow-duplicate-year',
}

function projectView(p: Project): ProjectView {
  return {
    id: p.id,
    name: p.name,
    region: p.region,
    status: p.status,
    owner: p.owner,
    startDate: p.startDate,
    capex: p.capex,
    npv: p.npv,
    updatedAt: p.updatedAt,
  };
}

/** Rows per INSERT statement: 7,000 bound values, far below SQLite's 32,766 and MySQL's 65,535. */
const CASHFLOW_INSERT_CHUNK = 1000;
/** The columns of a cashflow row, in the order of the INSERT's values. */
const CASHFLOW_COLUMNS = ['tenantId', 'projectId', 'year', 'revenue', 'opex', 'capex', 'netCashflow'] as const;

/** One project's cashflows, as they go into insertCashflows. */
interface ProjectCashflows {
  projectId: number;
  cashflows: readonly CashflowDto[];
}

const cashflowView = (c: Cashflow): CashflowView => ({ year: c.year, revenue: c.revenue, opex: c.opex, capex: c.capex, netCashflow: c.netCashflow });

/** Planning data of a tenant (SPEC 6). Every query is filtered by tenantId. */
@Injectable()
export class ProjectsService {
  constructor(
    @InjectRepository(Project) private readonly projects: Repository<Project>,
    @InjectRepository(Cashflow) private readonly cashflows: Repository<Cashflow>,
    private readonly dataSource: DataSource,
    private readonly version: PlanningDataVersion,
  ) {}

  async list(tenantId: number, limit: number, afterId = 0): Promise<ProjectView[]> {
    const rows = await this.projects
      .createQueryBuilder('p')
      .where('p.tenantId = :tenantId AND p.id > :afterId', { tenantId, afterId })
      .orderBy('p.id', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(projectView);
  }

  async get(tenantId: number, id: number): Promise<ProjectView> {
    return projectView(await this.getRow(tenantId, id));
  }

  // Every write goes through version.writing: readers that keep rows for a moment (the OData
  // prefetch) drop them when the tenant's version has moved since they were read.

  async create(tenantId: number, input: ProjectDto): Promise<ProjectView> {
    const row = await this.version.writing(tenantId, () =>
      this.projects.save(this.projects.create({ ...input, owner: input.owner ?? null, tenantId, updatedAt: new Date() })),
    );
    return projectView(row);
  }

  async replace(tenantId: number, id: number, input: ProjectDto): Promise<ProjectView> {
    const row = await this.getRow(tenantId, id);
    Object.assign(row, input, { owner: input.owner ?? null, updatedAt: new Date() });
    return projectView(await this.version.writing(tenantId, () => this.projects.save(row)));
  }

  async delete(tenantId: number, id: number): Promise<void> {
    const result = await this.version.writing(tenantId, () => this.projects.delete({ tenantId, id }));
    if (!result.affected) throw notFound(ProjectErrorCode.NotFound, `Project ${id} not found`);
  }

  async getCashflows(tenantId: number, projectId: number): Promise<CashflowView[]> {
    await this.getRow(tenantId, projectId);
    const rows = await this.cashflows.find({ where: { tenantId, projectId }, order: { year: 'ASC' } });
    return rows.map(cashflowView);
  }

  /** Replaces all of a project's cashflows in one transaction: all or nothing. */
  async replaceCashflows(tenantId: number, projectId: number, input: CashflowDto[]): Promise<CashflowView[]> {
    const years = new Set<number>();
    input.forEach((c, i) => {
      if (years.has(c.year)) throw badRequest(ProjectErrorCode.DuplicateYear, `[${i}].year ${c.year} appears twice`);
      years.add(c.year);
    });
    const project = await this.getRow(tenantId, projectId);
    await this.version.writing(tenantId, () =>
      this.dataSource.transaction(async (manager) => {
        await manager.delete(Cashflow, { tenantId, projectId });
        await this.insertCashflows(manager, tenantId, [{ projectId, cashflows: input }]);
        await manager.update(Project, { tenantId, id: project.id }, { updatedAt: new Date() });
      }),
    );
    return [...input]
      .sort((a, b) => a.year - b.year)
      .map((c) => ({ year: c.year, revenue: c.revenue, opex: c.opex, capex: c.capex, netCashflow: c.netCashflow }));
  }

  /** Query builders for the OData layer, already restricted to the tenant. */
  projectsQuery(tenantId: number): SelectQueryBuilder<Project> {
    return this.projects.createQueryBuilder('e').where('e.tenantId = :tenantId', { tenantId });
  }

  cashflowsQuery(tenantId: number): SelectQueryBuilder<Cashflow> {
    return this.cashflows.createQueryBuilder('e').where('e.tenantId = :tenantId', { tenantId });
  }

  /** Bulk load for the data generator: one transaction per batch. */
  async insertBatch(tenantId: number, batch: SampleProject[]): Promise<void> {
    await this.version.writing(tenantId, () =>
      this.dataSource.transaction(async (manager) => {
        const now = new Date();
        const result = await manager.insert(
          Project,
          batch.map((b) => ({ ...b.project, tenantId, updatedAt: now })),
        );
        const ids = result.identifiers.map((i) => Number(i.id));
        await this.insertCashflows(
          manager,
          tenantId,
          batch.map((b, index) => ({ projectId: ids[index], cashflows: b.cashflows })),
        );
      }),
    );
  }

  /** How many projects of the tenant have names starting with the prefix (generator resume point). */
  countByNamePrefix(tenantId: number, prefix: string): Promise<number> {
    return this.projects
      .createQueryBuilder('p')
      .where('p.tenantId = :tenantId AND SUBSTR(p.name, 1, :length) = :prefix', { tenantId, length: prefix.length, prefix })
      .getCount();
  }

  /**
   * One multi-row INSERT with bound values per chunk, written here rather than by TypeORM:
   * its insert builder tracks parameters at a cost that grows with the square of their
   * number, all on the event loop (7 statements of 50 rows held it for 10-20 ms per 301-year
   * PUT; issue 10). Names come from the entity metadata, escaped by the driver; the money
   * columns' transformer writes numbers unchanged, so the values go in as they are.
   *
   * The values are written straight into one flat array per chunk: the row objects and
   * per-row arrays this built before (`{ ...c, tenantId, projectId }`, then a flatMap) were
   * about 0.5 MB of garbage per 301-year PUT, which the heap profile put first, and every
   * scavenge of it is an event-loop pause (issue 10).
   */
  private async insertCashflows(manager: EntityManager, tenantId: number, sets: readonly ProjectCashflows[]): Promise<void> {
    const metadata = manager.connection.getMetadata(Cashflow);
    const escape = (name: string) => manager.connection.driver.escape(name);
    const columns = CASHFLOW_COLUMNS.map((property) => escape(metadata.findColumnWithPropertyName(property)!.databaseName)).join(', ');
    const tuple = `(${CASHFLOW_COLUMNS.map(() => '?').join(', ')})`;
    const insert = (rows: number) => `INSERT INTO ${escape(metadata.tableName)} (${columns}) VALUES ${Array(rows).fill(tuple).join(', ')}`;
    let remaining = sets.reduce((rows, set) => rows + set.cashflows.length, 0);
    // Sized once per chunk: growing it by push reallocated it as it went.
    const chunkArray = () => new Array<unknown>(Math.min(remaining, CASHFLOW_INSERT_CHUNK) * CASHFLOW_COLUMNS.length);
    let values = chunkArray();
    let at = 0;
    for (const { projectId, cashflows } of sets) {
      for (const c of cashflows) {
        // In the order of CASHFLOW_COLUMNS.
        values[at++] = tenantId;
        values[at++] = projectId;
        values[at++] = c.year;
        values[at++] = c.revenue;
        values[at++] = c.opex;
        values[at++] = c.capex;
        values[at++] = c.netCashflow;
        remaining--;
        if (at === values.length) {
          await manager.query(insert(at / CASHFLOW_COLUMNS.length), values);
          values = chunkArray();
          at = 0;
        }
      }
    }
  }

  private async getRow(tenantId: number, id: number): Promise<Project> {
    const row = await this.projects.findOneBy({ tenantId, id });
    if (!row) throw notFound(ProjectErrorCode.NotFound, `Project ${id} not found`);
    return row;
  }
}
