// The OData conformance suites (npm run test:conformance): they read the OASIS material from
// ODATA_CONFORMANCE_DIR or ../shared/odata, which a fresh clone does not have, so `npm test`
// leaves them out.
const main = require('../../package.json').jest;

module.exports = {
  ...main,
  rootDir: '../..',
  testRegex: 'test/conformance/.*\\.conformance-spec\\.ts$',
};
