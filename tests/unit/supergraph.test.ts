import { readFileSync } from 'node:fs';
import { SUPERGRAPH_FILE, composeSupergraph } from '../../gateway/src/compose';

describe('composed supergraph', () => {
  let composition: Awaited<ReturnType<typeof composeSupergraph>>;
  beforeAll(async () => {
    composition = await composeSupergraph();
  });

  it('composes the five subgraphs without errors', () => {
    expect(composition.subgraphs.map((s) => s.name)).toEqual([
      'civil-affairs',
      'disability',
      'trade-union',
      'health',
      'charity',
    ]);
  });

  it('matches the checked-in supergraph.graphql (run `npm run compose` after a schema change)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composition.supergraphSdl);
  });

  it("matches each subgraph's checked-in schema.graphql", () => {
    for (const s of composition.subgraphs) {
      expect({ file: s.file, sdl: readFileSync(s.file, 'utf8') }).toEqual({ file: s.file, sdl: s.sdl });
    }
  });

  it('joins Subject across all five subgraphs by ID number', () => {
    const subject = composition.apiSchema.getType('Subject') as any;
    const fields = Object.keys(subject.getFields());
    expect(fields).toEqual(
      expect.arrayContaining([
        'idNumber',
        'name',
        'region',
        'disability',
        'tradeUnion',
        'medical',
        'charity',
      ]),
    );
    expect(composition.supergraphSdl).toMatch(
      /type Subject[\s\S]*?@join__type\(graph: CHARITY, key: "idNumber"\)/,
    );
  });
});
