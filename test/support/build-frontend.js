// Jest globalSetup: the pages are served from Vite's output (dist/frontend). `always` rebuilds
// (the browser suite tests the current source); otherwise only a missing build is made.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

function buildFrontend({ always }) {
  const root = join(__dirname, '..', '..');
  if (!always && existsSync(join(root, 'dist', 'frontend', 'index.html'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'frontend/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Jest sets NODE_ENV=test, which would give Vite a development bundle: test what ships.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

module.exports = async () => buildFrontend({ always: false });
module.exports.buildFrontend = buildFrontend;
