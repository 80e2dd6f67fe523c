// The two renderings of one $metadata description say the same thing for models the planning
// model does not exercise (a set without navigation properties, no $apply, a nullable
// decimal, an Edm.Boolean): the OASIS TC's converter (odata-csdl) turns our XML into exactly
// our JSON.
import { CsdlEntitySet } from './planning-model';
import { renderCsdlJson } from './csdl-json';
import { describeService } from './csdl-model';
import { renderCsdlXml } from './csdl-xml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { xml2json } = require('odata-csdl') as { xml2json: (xml: string, options: { strict?: boolean; messages?: unknown[] }) => unknown };

const notes: CsdlEntitySet = {
  name: 'Notes',
  entityType: 'Note',
  keys: ['Id'],
  properties: [
    { name: 'Id', column: 'id', type: 'Edm.Int64', nullable: false },
    { name: 'Text', column: 'text', type: 'Edm.String', nullable: true, maxLength: 10 },
    { name: 'Amount', column: 'amount', type: 'Edm.Decimal', nullable: true, precision: 9, scale: 4 },
    { name: 'Done', column: 'done', type: 'Edm.Boolean', nullable: false },
  ],
};

describe('CSDL rendering', () => {
  const service = describeService({ applyTransformations: [] }, [notes]);
  const json = JSON.parse(renderCsdlJson(service)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('renders the same model as XML and as JSON', () => {
    const messages: unknown[] = [];
    expect(json).toEqual(xml2json(renderCsdlXml(service), { strict: true, messages }));
    expect(messages).toEqual([]);
  });

  it('leaves out what has its default in JSON and what the model does not have', () => {
    expect(json.IPS.Note).toEqual({
      $Kind: 'EntityType',
      $Key: ['Id'],
      Id: { $Type: 'Edm.Int64' },
      Text: { $Nullable: true, $MaxLength: 10 },
      Amount: { $Type: 'Edm.Decimal', $Nullable: true, $Precision: 9, $Scale: 4 },
      Done: { $Type: 'Edm.Boolean' },
    });
    const set = json.IPS.Container.Notes;
    expect(set.$NavigationPropertyBinding).toBeUndefined();
    expect(set['@Capabilities.ExpandRestrictions']).toEqual({ Expandable: false });
    expect(set['@Aggregation.ApplySupported']).toBeUndefined();
  });
});
