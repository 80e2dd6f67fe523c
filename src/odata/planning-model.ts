// The EDM model of the planning data (SPEC 6): the one description from which $metadata,
// query parsing and SQL translation all derive. Column names are TypeORM entity property
// names of Project and Cashflow (src/projects/project.entity.ts).
import { EdmEntitySet, EdmProperty } from './query/edm-model';

export const ODATA_NAMESPACE = 'IPS';
export const ODATA_CONTAINER = 'Container';

/** An EDM property with the CSDL facets $metadata publishes. */
export interface CsdlProperty extends EdmProperty {
  precision?: number;
  scale?: number;
}

export interface CsdlEntitySet extends EdmEntitySet {
  properties: CsdlProperty[];
}

const money = (name: string, column: string): CsdlProperty => ({ name, column, type: 'Edm.Decimal', nullable: false, precision: 18, scale: 2 });

export const PROJECTS_SET: CsdlEntitySet = {
  name: 'Projects',
  entityType: 'Project',
  keys: ['Id'],
  properties: [
    { name: 'Id', column: 'id', type: 'Edm.Int32', nullable: false },
    { name: 'Name', column: 'name', type: 'Edm.String', nullable: false, maxLength: 200 },
    { name: 'Region', column: 'region', type: 'Edm.String', nullable: false, maxLength: 100 },
    { name: 'Status', column: 'status', type: 'Edm.String', nullable: false, maxLength: 16 },
    { name: 'Owner', column: 'owner', type: 'Edm.String', nullable: true, maxLength: 200 },
    { name: 'StartDate', column: 'startDate', type: 'Edm.Date', nullable: false },
    money('Capex', 'capex'),
    money('Npv', 'npv'),
    { name: 'UpdatedAt', column: 'updatedAt', type: 'Edm.DateTimeOffset', nullable: false, precision: 3 },
  ],
};

export const CASHFLOWS_SET: CsdlEntitySet = {
  name: 'Cashflows',
  entityType: 'Cashflow',
  keys: ['ProjectId', 'Year'],
  properties: [
    { name: 'ProjectId', column: 'projectId', type: 'Edm.Int32', nullable: false },
    { name: 'Year', column: 'year', type: 'Edm.Int32', nullable: false },
    money('Revenue', 'revenue'),
    money('Opex', 'opex'),
    money('Capex', 'capex'),
    money('NetCashflow', 'netCashflow'),
  ],
};

// SPEC 6: Project.Cashflows and Cashflow.Project with the constraint ProjectId → Id. Rows
// relate within one tenant, so tenantId is part of every join.
PROJECTS_SET.navigations = [
  {
    name: 'Cashflows',
    target: () => CASHFLOWS_SET,
    collection: true,
    partner: 'Project',
    join: [
      ['tenantId', 'tenantId'],
      ['id', 'projectId'],
    ],
  },
];
CASHFLOWS_SET.navigations = [
  {
    name: 'Project',
    target: () => PROJECTS_SET,
    collection: false,
    partner: 'Cashflows',
    join: [
      ['tenantId', 'tenantId'],
      ['projectId', 'id'],
    ],
    constraint: { property: 'ProjectId', referencedProperty: 'Id' },
  },
];

export const ENTITY_SETS: readonly CsdlEntitySet[] = [PROJECTS_SET, CASHFLOWS_SET];

/** Entity sets by exact (case-sensitive) name, as OData resource paths are. */
export function findEntitySet(name: string): CsdlEntitySet | undefined {
  return ENTITY_SETS.find((s) => s.name === name);
}
