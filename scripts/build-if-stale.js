// prestart / preips / preseed: builds only when a source is newer than the last build, so
// `npm start` on a fresh clone builds once and later starts take no compile time. The
// production path builds explicitly (npm run build), prunes the dev dependencies and runs
// `node dist/src/main.js`; there this script only says what is missing.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');
const inputs = ['src', 'frontend', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'ormconfig.ts'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built && inputs.every((input) => newest(join(root, input)) <= built)) process.exit(0);
if (!existsSync(join(root, 'node_modules', '.bin', 'nest'))) {
  process.stderr.write(
    built
      ? 'The build in dist/ is older than the sources, and the dev dependencies that build it are not installed: run `npm ci && npm run build`.\n'
      : 'dist/ has no build, and the dev dependencies that build it are not installed: run `npm ci && npm run build` (then `npm prune --omit=dev`).\n',
  );
  process.exit(1);
}
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
// npm run build's postbuild writes the stamp.
