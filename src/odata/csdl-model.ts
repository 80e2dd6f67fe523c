// The one in-memory description of $metadata, derived from the planning model and the
// declared capabilities. csdl-xml.ts and csdl-json.ts only render it, each with its own
// representation's rules (defaults, type spelling), so the two documents cannot drift.
import { CsdlAnnotation } from './csdl-annotation';
import { CapabilityOptions, containerAnnotations, CsdlVocabulary, entitySetAnnotations, VOCABULARIES } from './csdl-capabilities';
import { CsdlEntitySet, ENTITY_SETS, ODATA_CONTAINER, ODATA_NAMESPACE } from './planning-model';
import { EdmType } from './query/edm-model';

export interface CsdlStructuralProperty {
  name: string;
  type: EdmType;
  nullable: boolean;
  maxLength?: number;
  precision?: number;
  scale?: number;
}

export interface CsdlNavigationProperty {
  name: string;
  /** Qualified name of the target entity type (the item type when `collection`). */
  type: string;
  collection: boolean;
  /** Single-valued only (CSDL forbids it on collections): false when a related entity always exists. */
  nullable?: boolean;
  partner: string;
  /** Dependent property (this type) → principal property (the target type). */
  referentialConstraints: { property: string; referencedProperty: string }[];
}

export interface CsdlEntityType {
  name: string;
  key: string[];
  properties: CsdlStructuralProperty[];
  navigationProperties: CsdlNavigationProperty[];
}

export interface CsdlEntitySetElement {
  name: string;
  /** Qualified entity type name. */
  entityType: string;
  /** Navigation property path → target entity set of the same container. */
  navigationPropertyBindings: { path: string; target: string }[];
  annotations: CsdlAnnotation[];
}

export interface CsdlService {
  /** The OData version of the document (the feed speaks OData 4.0). */
  version: '4.0';
  references: readonly CsdlVocabulary[];
  namespace: string;
  entityTypes: CsdlEntityType[];
  container: { name: string; annotations: CsdlAnnotation[]; entitySets: CsdlEntitySetElement[] };
}

const qualified = (name: string) => `${ODATA_NAMESPACE}.${name}`;

function entityType(set: CsdlEntitySet): CsdlEntityType {
  return {
    name: set.entityType,
    key: [...set.keys],
    properties: set.properties.map(({ name, type, nullable, maxLength, precision, scale }) => ({ name, type, nullable, maxLength, precision, scale })),
    navigationProperties: (set.navigations ?? []).map((n) => ({
      name: n.name,
      type: qualified(n.target().entityType),
      collection: n.collection,
      // A Cashflow always belongs to a Project (SPEC 6); the model has no optional relationship.
      nullable: n.collection ? undefined : false,
      partner: n.partner,
      referentialConstraints: n.constraint ? [n.constraint] : [],
    })),
  };
}

function entitySet(set: CsdlEntitySet, capabilities: CapabilityOptions): CsdlEntitySetElement {
  return {
    name: set.name,
    entityType: qualified(set.entityType),
    navigationPropertyBindings: (set.navigations ?? []).map((n) => ({ path: n.name, target: n.target().name })),
    annotations: entitySetAnnotations(set, capabilities),
  };
}

export function describeService(capabilities: CapabilityOptions, sets: readonly CsdlEntitySet[] = ENTITY_SETS): CsdlService {
  return {
    version: '4.0',
    references: VOCABULARIES,
    namespace: ODATA_NAMESPACE,
    entityTypes: sets.map(entityType),
    container: { name: ODATA_CONTAINER, annotations: containerAnnotations(), entitySets: sets.map((s) => entitySet(s, capabilities)) },
  };
}
