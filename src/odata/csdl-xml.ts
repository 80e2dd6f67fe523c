// Renders the $metadata description as CSDL XML (OData CSDL XML 4.01), valid against the
// OASIS edmx.xsd. XML defaults differ from JSON's (Nullable is true when absent), so every
// facet is written out.
import { CsdlAnnotation, CsdlConstant, CsdlValue, isConstant } from './csdl-annotation';
import { vocabularyUri } from './csdl-capabilities';
import { CsdlEntitySetElement, CsdlEntityType, CsdlNavigationProperty, CsdlService, CsdlStructuralProperty } from './csdl-model';

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function attributes(values: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

/** The expression's element name (`Bool`, `EnumMember`, ...) and its text (`true`, `Aggregation.RollupType/None`). */
function constant(value: CsdlConstant): [string, string] {
  if ('Bool' in value) return ['Bool', String(value.Bool)];
  if ('String' in value) return ['String', value.String];
  if ('Int' in value) return ['Int', String(value.Int)];
  return ['EnumMember', `${value.EnumMember.type}/${value.EnumMember.member}`];
}

function expression(value: CsdlValue): string {
  if ('Collection' in value) return `<Collection>${value.Collection.map(expression).join('')}</Collection>`;
  if ('Record' in value) return `<Record>${value.Record.map(([name, v]) => valued('PropertyValue', { Property: name }, v)).join('')}</Record>`;
  const [kind, text] = constant(value);
  return `<${kind}>${escapeXml(text)}</${kind}>`;
}

/** An element carrying a value: a constant in attribute notation, a collection or record as its child. */
function valued(element: string, names: Record<string, string>, value: CsdlValue): string {
  if (!isConstant(value)) return `<${element}${attributes(names)}>${expression(value)}</${element}>`;
  const [kind, text] = constant(value);
  return `<${element}${attributes({ ...names, [kind]: text })}/>`;
}

const annotation = (a: CsdlAnnotation) => valued('Annotation', { Term: a.term }, a.value);

function property(p: CsdlStructuralProperty): string {
  return `<Property${attributes({ Name: p.name, Type: p.type, Nullable: p.nullable, MaxLength: p.maxLength, Precision: p.precision, Scale: p.scale })}/>`;
}

function navigationProperty(n: CsdlNavigationProperty): string {
  const attrs = attributes({ Name: n.name, Type: n.collection ? `Collection(${n.type})` : n.type, Nullable: n.nullable, Partner: n.partner });
  if (!n.referentialConstraints.length) return `<NavigationProperty${attrs}/>`;
  const constraints = n.referentialConstraints.map(
    (c) => `<ReferentialConstraint${attributes({ Property: c.property, ReferencedProperty: c.referencedProperty })}/>`,
  );
  return `<NavigationProperty${attrs}>${constraints.join('')}</NavigationProperty>`;
}

function entityType(type: CsdlEntityType): string {
  return [
    `      <EntityType${attributes({ Name: type.name })}>`,
    `        <Key>${type.key.map((k) => `<PropertyRef${attributes({ Name: k })}/>`).join('')}</Key>`,
    ...type.properties.map((p) => `        ${property(p)}`),
    ...type.navigationProperties.map((n) => `        ${navigationProperty(n)}`),
    '      </EntityType>',
  ].join('\n');
}

function entitySet(set: CsdlEntitySetElement): string {
  return [
    `        <EntitySet${attributes({ Name: set.name, EntityType: set.entityType })}>`,
    ...set.navigationPropertyBindings.map((b) => `          <NavigationPropertyBinding${attributes({ Path: b.path, Target: b.target })}/>`),
    ...set.annotations.map((a) => `          ${annotation(a)}`),
    '        </EntitySet>',
  ].join('\n');
}

export function renderCsdlXml(service: CsdlService): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"${attributes({ Version: service.version })}>`,
    ...service.references.map(
      (v) =>
        `  <edmx:Reference${attributes({ Uri: vocabularyUri(v, 'xml') })}><edmx:Include${attributes({ Namespace: v.namespace, Alias: v.alias })}/></edmx:Reference>`,
    ),
    '  <edmx:DataServices>',
    `    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm"${attributes({ Namespace: service.namespace })}>`,
    ...service.entityTypes.map(entityType),
    `      <EntityContainer${attributes({ Name: service.container.name })}>`,
    ...service.container.annotations.map((a) => `        ${annotation(a)}`),
    ...service.container.entitySets.map(entitySet),
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}
