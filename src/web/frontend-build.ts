// Where the compiled front end (Vite's output, frontend/ → dist/frontend/) lives, and its HTML
// shell read once. The same path works from dist/src/web (npm start) and src/web (ts-jest).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

export const FRONTEND_DIR = join(projectRoot(__dirname), 'dist', 'frontend');
export const ASSETS_DIR = join(FRONTEND_DIR, 'assets');
/** URL prefix of the hashed assets: under /api/, so it can never be a tenant's page. */
export const ASSETS_PREFIX = '/api/web/assets/';

/** The shell (index.html) of the build, or null when `npm run build` has not been run. */
export function readShell(): string | null {
  const file = join(FRONTEND_DIR, 'index.html');
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
