/**
 * Minimal EDM (Entity Data Model) description used by the OData query library.
 *
 * The model is the only source of column names: the parser resolves OData
 * property names against `EdmProperty.name` and the translator emits SQL only
 * for `EdmProperty.column`, never for text taken from the request.
 */
export type EdmType =
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.String'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Boolean'
  | 'Edm.Date'
  | 'Edm.DateTimeOffset';

export interface EdmProperty {
  /** PascalCase OData property name, matched case-sensitively. */
  name: string;
  /** TypeORM entity property name (not the database column name). */
  column: string;
  type: EdmType;
  nullable: boolean;
  maxLength?: number;
}

export interface EdmEntitySet {
  /** Entity set name, e.g. `Projects`. */
  name: string;
  /** Entity type name, e.g. `Project`. */
  entityType: string;
  /** OData property names forming the key (used for a stable total order). */
  keys: string[];
  properties: EdmProperty[];
}

/** Case-sensitive property lookup by OData name. */
export function findProperty(set: EdmEntitySet, name: string): EdmProperty | undefined {
  return set.properties.find((p) => p.name === name);
}

export function isNumericType(type: EdmType): boolean {
  return type === 'Edm.Int32' || type === 'Edm.Int64' || type === 'Edm.Decimal' || type === 'Edm.Double';
}
