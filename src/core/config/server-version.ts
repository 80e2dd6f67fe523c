// The server's version, read once from package.json (the one place it is written), so the
// start banner, GET /health and the CLI always agree. Found by walking up from this file,
// which lives at src/core/config (ts-node, Jest) or dist/src/core/config (the build).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function readVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ips-server' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0-unknown';
  }
}

export const SERVER_VERSION = readVersion();
