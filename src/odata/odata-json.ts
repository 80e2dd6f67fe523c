// JSON shapes of odata.metadata=minimal: values of hydrated columns, $select projections
// and the context URLs Power Query accepts ($metadata#Set or $metadata#Set(a,b), SPEC 9).
import { EdmEntitySet, EdmProperty } from './query/edm-model';
import { SelectAst } from './query/odata-ast';
import { Row } from './odata-paging';

/** JSON value of a hydrated column (decimals are numbers already, via the entity transformer). */
export function jsonValue(prop: EdmProperty, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (prop.type) {
    case 'Edm.DateTimeOffset':
      return (value instanceof Date ? value : new Date(value as string)).toISOString();
    case 'Edm.Date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : (value as string).slice(0, 10);
    case 'Edm.Decimal':
    case 'Edm.Double':
    case 'Edm.Int32':
      return Number(value);
    default:
      return value;
  }
}

export function selectedProperties(set: EdmEntitySet, select: SelectAst | undefined): EdmProperty[] {
  if (!select || select.kind === 'all') return set.properties;
  return set.properties.filter((p) => select.properties.includes(p.name));
}

export function entityJson(properties: EdmProperty[], row: Row): Row {
  const json: Row = {};
  for (const p of properties) json[p.name] = jsonValue(p, row[p.column]);
  return json;
}

/** `$metadata#Set` or `$metadata#Set(A,B)`: the only forms Power Query accepts for collections. */
export function contextUrl(serviceRoot: string, set: EdmEntitySet, select: SelectAst | undefined): string {
  const projection = select?.kind === 'properties' ? `(${[...new Set(select.properties)].join(',')})` : '';
  return `${serviceRoot}$metadata#${set.name}${projection}`;
}
