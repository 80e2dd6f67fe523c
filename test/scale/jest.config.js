// `npm run test:scale`: the heavy scale-out and fault tests (child server processes, a
// private mariadbd, nginx, Redis). They run once in CI, on MariaDB, after the build.
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  testRegex: 'test/scale/.*\\.scale-spec\\.ts$',
  globalSetup: undefined,
  testTimeout: 240_000,
};
