// Builds the CSDL XML ($metadata) from the planning model; valid against the OASIS edmx.xsd.
import { CsdlEntitySet, CsdlProperty, ENTITY_SETS, ODATA_CONTAINER, ODATA_NAMESPACE } from './planning-model';
import { CapabilityOptions, containerAnnotations, entitySetAnnotations, vocabularyReferences } from './csdl-capabilities';
import { EdmNavigation } from './query/edm-model';

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function property(p: CsdlProperty): string {
  return `<Property${attributes({
    Name: p.name,
    Type: p.type,
    Nullable: p.nullable ? 'true' : 'false',
    MaxLength: p.maxLength,
    Precision: p.precision,
    Scale: p.scale,
  })}/>`;
}

function navigationProperty(n: EdmNavigation): string {
  const target = `${ODATA_NAMESPACE}.${n.target().entityType}`;
  const attrs = attributes({
    Name: n.name,
    Type: n.collection ? `Collection(${target})` : target,
    Nullable: n.collection ? undefined : 'false',
    Partner: n.partner,
  });
  if (!n.constraint) return `<NavigationProperty${attrs}/>`;
  const constraint = `<ReferentialConstraint${attributes({ Property: n.constraint.property, ReferencedProperty: n.constraint.referencedProperty })}/>`;
  return `<NavigationProperty${attrs}>${constraint}</NavigationProperty>`;
}

function entityType(set: CsdlEntitySet): string {
  return [
    `      <EntityType${attributes({ Name: set.entityType })}>`,
    `        <Key>${set.keys.map((k) => `<PropertyRef${attributes({ Name: k })}/>`).join('')}</Key>`,
    ...set.properties.map((p) => `        ${property(p)}`),
    ...(set.navigations ?? []).map((n) => `        ${navigationProperty(n)}`),
    '      </EntityType>',
  ].join('\n');
}

function entitySet(set: CsdlEntitySet, capabilities: CapabilityOptions): string {
  const open = `        <EntitySet${attributes({ Name: set.name, EntityType: `${ODATA_NAMESPACE}.${set.entityType}` })}>`;
  const bindings = (set.navigations ?? []).map((n) => `          <NavigationPropertyBinding${attributes({ Path: n.name, Target: n.target().name })}/>`);
  const annotations = entitySetAnnotations(set, capabilities).map((a) => `          ${a}`);
  return [open, ...bindings, ...annotations, '        </EntitySet>'].join('\n');
}

export function buildCsdl(capabilities: CapabilityOptions, sets: readonly CsdlEntitySet[] = ENTITY_SETS): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">',
    ...vocabularyReferences('  '),
    '  <edmx:DataServices>',
    `    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm"${attributes({ Namespace: ODATA_NAMESPACE })}>`,
    ...sets.map(entityType),
    `      <EntityContainer${attributes({ Name: ODATA_CONTAINER })}>`,
    ...containerAnnotations().map((a) => `        ${a}`),
    ...sets.map((set) => entitySet(set, capabilities)),
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}
