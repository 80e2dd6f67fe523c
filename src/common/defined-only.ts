/**
 * The fields of a validated DTO that the client actually sent. With target ES2022 class
 * fields are defined at construction, so class-transformer's DTO instances carry every
 * optional field as an own property set to undefined; spreading or Object.assign-ing
 * them would overwrite stored values with undefined (a PATCH that should merge).
 */
export function definedOnly<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}
