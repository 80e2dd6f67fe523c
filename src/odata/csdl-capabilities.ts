// Capabilities, Core and Aggregation vocabulary annotations for $metadata (SPEC 5). Power
// Query reads them to decide what it may fold into the request: without FilterFunctions it
// assumes every function folds, gets 501s and falls back to downloading everything. Every
// list here is derived from what the parser accepts, so the declaration cannot drift.
import { EdmEntitySet } from './query/edm-model';
import { SUPPORTED_FUNCTIONS } from './query/odata-functions';

const VOCABULARIES = [
  { namespace: 'Org.OData.Core.V1', alias: 'Core' },
  { namespace: 'Org.OData.Capabilities.V1', alias: 'Capabilities' },
  { namespace: 'Org.OData.Aggregation.V1', alias: 'Aggregation' },
];

/** The transformations $apply supports; ApplySupported is declared only when there are some. */
export interface CapabilityOptions {
  applyTransformations: readonly string[];
}

const bool = (term: string, value: boolean) => `<Annotation Term="${term}" Bool="${value}"/>`;
const strings = (values: readonly string[]) => `<Collection>${values.map((v) => `<String>${v}</String>`).join('')}</Collection>`;
const record = (term: string, values: Record<string, boolean | string>) =>
  `<Annotation Term="${term}"><Record>${Object.entries(values)
    .map(([name, v]) => (typeof v === 'boolean' ? `<PropertyValue Property="${name}" Bool="${v}"/>` : `<PropertyValue Property="${name}">${v}</PropertyValue>`))
    .join('')}</Record></Annotation>`;

/** `<edmx:Reference>` elements for the vocabularies the annotations use (before DataServices). */
export function vocabularyReferences(indent: string): string[] {
  return VOCABULARIES.map(
    (v) =>
      `${indent}<edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/${v.namespace}.xml"><edmx:Include Namespace="${v.namespace}" Alias="${v.alias}"/></edmx:Reference>`,
  );
}

/** Annotations of the EntityContainer (they come before its entity sets). */
export function containerAnnotations(): string[] {
  return [
    `<Annotation Term="Capabilities.FilterFunctions">${strings(SUPPORTED_FUNCTIONS)}</Annotation>`,
    bool('Capabilities.BatchSupported', false),
    bool('Capabilities.AsynchronousRequestsSupported', false),
    bool('Capabilities.CrossJoinSupported', false),
    bool('Capabilities.KeyAsSegmentSupported', false),
    '<Annotation Term="Core.Description" String="IPS planning data (read-only)"/>',
  ];
}

/** Annotations of one entity set: what can be queried, and that nothing can be written. */
export function entitySetAnnotations(set: EdmEntitySet, options: CapabilityOptions): string[] {
  const navigations = set.navigations ?? [];
  const annotations = [
    bool('Capabilities.TopSupported', true),
    bool('Capabilities.SkipSupported', true),
    bool('Capabilities.IndexableByKey', true),
    record('Capabilities.CountRestrictions', { Countable: true }),
    record('Capabilities.FilterRestrictions', { Filterable: true }),
    record('Capabilities.SortRestrictions', { Sortable: true }),
    record('Capabilities.SelectSupport', { Supported: true }),
    record('Capabilities.ExpandRestrictions', navigations.length ? { Expandable: true, MaxLevels: '<Int>1</Int>' } : { Expandable: false }),
    record('Capabilities.SearchRestrictions', { Searchable: false }),
    record('Capabilities.InsertRestrictions', { Insertable: false }),
    record('Capabilities.UpdateRestrictions', { Updatable: false }),
    record('Capabilities.DeleteRestrictions', { Deletable: false }),
  ];
  if (options.applyTransformations.length) {
    annotations.push(
      record('Aggregation.ApplySupported', {
        Transformations: strings(options.applyTransformations),
        Rollup: '<EnumMember>Aggregation.RollupType/None</EnumMember>',
      }),
    );
  }
  return annotations;
}
