// Where the OASIS OData material lives for `npm run test:conformance`: ODATA_CONFORMANCE_DIR,
// else the nearest `shared/odata/` above the repository (also from a git worktree).
// `npm test` never needs it, so a fresh clone passes without it.
import { existsSync } from 'node:fs';
import path from 'node:path';

export function conformanceDir(): string {
  const configured = process.env.ODATA_CONFORMANCE_DIR;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`ODATA_CONFORMANCE_DIR=${configured} does not exist`);
    return path.resolve(configured);
  }
  for (let dir = path.resolve(__dirname, '..', '..'); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'odata');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    'The OData conformance material (odata-abnf-testcases.yaml, edmx.xsd, edm.xsd) was not found: ' +
      'set ODATA_CONFORMANCE_DIR to its folder, or place it in ../shared/odata beside the repository.',
  );
}

export function conformanceFile(name: string): string {
  const file = path.join(conformanceDir(), name);
  if (!existsSync(file)) throw new Error(`The OData conformance file ${file} is missing (ODATA_CONFORMANCE_DIR or ../shared/odata)`);
  return file;
}
