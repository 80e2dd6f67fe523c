// Capabilities, Core and Aggregation vocabulary annotations for $metadata (SPEC 5). Power
// Query reads them to decide what it may fold into the request: without FilterFunctions it
// assumes every function folds, gets 501s and falls back to downloading everything. Every
// list here is derived from what the parser accepts, so the declaration cannot drift.
import { bool, CsdlAnnotation, enumMember, int, record, string, strings } from './csdl-annotation';
import { EdmEntitySet } from './query/edm-model';
import { SUPPORTED_FUNCTIONS } from './query/odata-functions';

/** A vocabulary the annotations use, included under its alias. */
export interface CsdlVocabulary {
  namespace: string;
  alias: string;
}

export const VOCABULARIES: readonly CsdlVocabulary[] = [
  { namespace: 'Org.OData.Core.V1', alias: 'Core' },
  { namespace: 'Org.OData.Capabilities.V1', alias: 'Capabilities' },
  { namespace: 'Org.OData.Aggregation.V1', alias: 'Aggregation' },
];

/** Where OASIS publishes a vocabulary, in the representation of the document that references it. */
export function vocabularyUri(vocabulary: CsdlVocabulary, representation: 'xml' | 'json'): string {
  return `https://oasis-tcs.github.io/odata-vocabularies/vocabularies/${vocabulary.namespace}.${representation}`;
}

/** The transformations $apply supports; ApplySupported is declared only when there are some. */
export interface CapabilityOptions {
  applyTransformations: readonly string[];
}

const annotation = (term: string, value: CsdlAnnotation['value']): CsdlAnnotation => ({ term, value });

/** Annotations of the EntityContainer (they come before its entity sets). */
export function containerAnnotations(): CsdlAnnotation[] {
  return [
    annotation('Capabilities.FilterFunctions', strings(SUPPORTED_FUNCTIONS)),
    annotation('Capabilities.BatchSupported', bool(false)),
    annotation('Capabilities.AsynchronousRequestsSupported', bool(false)),
    annotation('Capabilities.CrossJoinSupported', bool(false)),
    annotation('Capabilities.KeyAsSegmentSupported', bool(false)),
    annotation('Core.Description', string('IPS planning data (read-only)')),
  ];
}

/** Annotations of one entity set: what can be queried, and that nothing can be written. */
export function entitySetAnnotations(set: EdmEntitySet, options: CapabilityOptions): CsdlAnnotation[] {
  const navigations = set.navigations ?? [];
  const annotations = [
    annotation('Capabilities.TopSupported', bool(true)),
    annotation('Capabilities.SkipSupported', bool(true)),
    annotation('Capabilities.IndexableByKey', bool(true)),
    annotation('Capabilities.CountRestrictions', record({ Countable: bool(true) })),
    annotation('Capabilities.FilterRestrictions', record({ Filterable: bool(true) })),
    annotation('Capabilities.SortRestrictions', record({ Sortable: bool(true) })),
    annotation('Capabilities.SelectSupport', record({ Supported: bool(true) })),
    annotation('Capabilities.ExpandRestrictions', record(navigations.length ? { Expandable: bool(true), MaxLevels: int(1) } : { Expandable: bool(false) })),
    annotation('Capabilities.SearchRestrictions', record({ Searchable: bool(false) })),
    annotation('Capabilities.InsertRestrictions', record({ Insertable: bool(false) })),
    annotation('Capabilities.UpdateRestrictions', record({ Updatable: bool(false) })),
    annotation('Capabilities.DeleteRestrictions', record({ Deletable: bool(false) })),
  ];
  if (options.applyTransformations.length) {
    annotations.push(
      annotation(
        'Aggregation.ApplySupported',
        record({ Transformations: strings(options.applyTransformations), Rollup: enumMember('Aggregation.RollupType', 'None') }),
      ),
    );
  }
  return annotations;
}
