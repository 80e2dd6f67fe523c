// The browser suite (npm run test:browser): Chromium driven by playwright-core against the real
// app on SQLite. Separate from `npm test` so that suite runs on a machine without a browser.
const main = require('../../package.json').jest;

module.exports = {
  ...main,
  rootDir: '../..',
  testRegex: 'test/browser/.*\\.browser-spec\\.ts$',
  globalSetup: '<rootDir>/test/browser/global-setup.js',
  testTimeout: 180000,
};
