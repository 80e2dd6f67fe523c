/**
 * Minimal EDM (Entity Data Model) description used by the OData query library.
 *
 * The model is the only source of column names: the parser resolves OData
 * property names against `EdmProperty.name` and the translator emits SQL only
 * for `EdmProperty.column`, never for text taken from the request.
 */
export type EdmType = 'Edm.Int32' | 'Edm.Int64' | 'Edm.String' | 'Edm.Decimal' | 'Edm.Double' | 'Edm.Boolean' | 'Edm.Date' | 'Edm.DateTimeOffset';

export interface EdmProperty {
  /** PascalCase OData property name, matched case-sensitively. */
  name: string;
  /** TypeORM entity property name (not the database column name). */
  column: string;
  type: EdmType;
  nullable: boolean;
  maxLength?: number;
  /** Digits after the decimal point of an Edm.Decimal (exact sums are computed in these units). */
  scale?: number;
}

/**
 * A navigation property (SPEC 6: Project.Cashflows, Cashflow.Project). `join` pairs the
 * TypeORM property names that relate a row to its targets, including columns that are not
 * OData properties (the tenant), so a subquery over the target can never leave the tenant.
 */
export interface EdmNavigation {
  name: string;
  /** The target entity set; a function because the two sets refer to each other. */
  target: () => EdmEntitySet;
  collection: boolean;
  /** The partner navigation property on the target, for CSDL. */
  partner: string;
  /** [column of this set, column of the target] pairs. */
  join: [string, string][];
  /** ReferentialConstraint for CSDL (dependent side only): OData names, this → target. */
  constraint?: { property: string; referencedProperty: string };
}

export interface EdmEntitySet {
  /** Entity set name, e.g. `Projects`. */
  name: string;
  /** Entity type name, e.g. `Project`. */
  entityType: string;
  /** TypeORM entity name, when it differs from entityType (used for lambda subqueries). */
  entity?: string;
  /** OData property names forming the key (used for a stable total order). */
  keys: string[];
  properties: EdmProperty[];
  navigations?: EdmNavigation[];
}

/** Case-sensitive navigation property lookup by OData name. */
export function findNavigation(set: EdmEntitySet, name: string): EdmNavigation | undefined {
  return set.navigations?.find((n) => n.name === name);
}

/** Case-sensitive property lookup by OData name. */
export function findProperty(set: EdmEntitySet, name: string): EdmProperty | undefined {
  return set.properties.find((p) => p.name === name);
}

export function isNumericType(type: EdmType): boolean {
  return type === 'Edm.Int32' || type === 'Edm.Int64' || type === 'Edm.Decimal' || type === 'Edm.Double';
}
