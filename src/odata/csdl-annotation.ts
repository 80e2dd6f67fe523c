// Annotation values of $metadata as data, so the CSDL XML and the CSDL JSON renderings are
// two views of one description. Each variant is named after its CSDL XML expression element.

/** A constant expression (OData CSDL 4.01 §14.3). */
export type CsdlConstant =
  | { Bool: boolean }
  | { String: string }
  | { Int: number }
  /** Qualified enumeration type and member, e.g. `Aggregation.RollupType/None`. */
  | { EnumMember: { type: string; member: string } };

/** An annotation value: a constant, a collection or a record (§14.4); a record's property values in declaration order. */
export type CsdlValue = CsdlConstant | { Collection: CsdlValue[] } | { Record: [string, CsdlValue][] };

export function isConstant(value: CsdlValue): value is CsdlConstant {
  return !('Collection' in value) && !('Record' in value);
}

/** One annotation; `term` is alias-qualified (`Capabilities.TopSupported`), as both representations write it. */
export interface CsdlAnnotation {
  term: string;
  value: CsdlValue;
}

export const bool = (value: boolean): CsdlValue => ({ Bool: value });
export const string = (value: string): CsdlValue => ({ String: value });
export const int = (value: number): CsdlValue => ({ Int: value });
export const enumMember = (type: string, member: string): CsdlValue => ({ EnumMember: { type, member } });
export const strings = (values: readonly string[]): CsdlValue => ({ Collection: values.map(string) });
export const record = (values: Record<string, CsdlValue>): CsdlValue => ({ Record: Object.entries(values) });
