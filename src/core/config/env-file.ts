// `.env` support with Node's own loader (no dependency). Node does not override variables
// that are already set, so `PORT=4000 npm start` still wins over a `.env`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Loads ./.env (or the file ENV_FILE names) into process.env when it exists; returns the file loaded. */
export function loadEnvFile(): string | null {
  const named = process.env.ENV_FILE;
  const file = resolve(named || '.env');
  if (!existsSync(file)) {
    if (named) throw new Error(`Invalid configuration: ENV_FILE names a file that does not exist: ${file}`);
    return null;
  }
  process.loadEnvFile(file);
  return file;
}
