// Renders the $metadata description as CSDL JSON (OData CSDL JSON Representation 4.01).
// The JSON rules differ from XML's: members that have their default are omitted ($Nullable
// only when true, $Type only when not Edm.String, $Collection only when true), names keep
// the vocabularies' aliases (the representation requires alias-qualified names where an
// alias is declared), and an enumeration member is written as its symbolic name.
import { CsdlAnnotation, CsdlValue } from './csdl-annotation';
import { vocabularyUri } from './csdl-capabilities';
import { CsdlEntitySetElement, CsdlEntityType, CsdlNavigationProperty, CsdlService, CsdlStructuralProperty } from './csdl-model';

type Json = string | number | boolean | Json[] | { [member: string]: Json };
type JsonObject = { [member: string]: Json };

/** Drops undefined members, so a default is simply left out. */
function members(values: Record<string, Json | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as JsonObject;
}

function value(v: CsdlValue): Json {
  if ('Bool' in v) return v.Bool;
  if ('String' in v) return v.String;
  if ('Int' in v) return v.Int;
  if ('EnumMember' in v) return v.EnumMember.member;
  if ('Collection' in v) return v.Collection.map(value);
  return Object.fromEntries(v.Record.map(([name, item]) => [name, value(item)]));
}

const annotations = (list: CsdlAnnotation[]): JsonObject => Object.fromEntries(list.map((a) => [`@${a.term}`, value(a.value)]));

function property(p: CsdlStructuralProperty): JsonObject {
  return members({
    $Type: p.type === 'Edm.String' ? undefined : p.type,
    $Nullable: p.nullable ? true : undefined,
    $MaxLength: p.maxLength,
    $Precision: p.precision,
    $Scale: p.scale,
  });
}

function navigationProperty(n: CsdlNavigationProperty): JsonObject {
  return members({
    $Kind: 'NavigationProperty',
    $Type: n.type,
    $Collection: n.collection ? true : undefined,
    $Nullable: n.nullable ? true : undefined,
    $Partner: n.partner,
    $ReferentialConstraint: n.referentialConstraints.length
      ? Object.fromEntries(n.referentialConstraints.map((c) => [c.property, c.referencedProperty]))
      : undefined,
  });
}

function entityType(type: CsdlEntityType): JsonObject {
  return {
    $Kind: 'EntityType',
    $Key: type.key,
    ...Object.fromEntries(type.properties.map((p) => [p.name, property(p)])),
    ...Object.fromEntries(type.navigationProperties.map((n) => [n.name, navigationProperty(n)])),
  };
}

function entitySet(set: CsdlEntitySetElement): JsonObject {
  return members({
    $Collection: true,
    $Type: set.entityType,
    $NavigationPropertyBinding: set.navigationPropertyBindings.length
      ? Object.fromEntries(set.navigationPropertyBindings.map((b) => [b.path, b.target]))
      : undefined,
    ...annotations(set.annotations),
  });
}

export function renderCsdlJson(service: CsdlService): string {
  const { container } = service;
  const document = {
    $Version: service.version,
    $EntityContainer: `${service.namespace}.${container.name}`,
    $Reference: Object.fromEntries(service.references.map((v) => [vocabularyUri(v, 'json'), { $Include: [{ $Namespace: v.namespace, $Alias: v.alias }] }])),
    [service.namespace]: {
      ...Object.fromEntries(service.entityTypes.map((t) => [t.name, entityType(t)])),
      [container.name]: {
        $Kind: 'EntityContainer',
        ...annotations(container.annotations),
        ...Object.fromEntries(container.entitySets.map((s) => [s.name, entitySet(s)])),
      },
    },
  };
  return JSON.stringify(document);
}
