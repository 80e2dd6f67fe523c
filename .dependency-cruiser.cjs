// The one import rule (README "Layout"): a file imports its own layer or a lower one.
//   0 core          src/core/                         knows no feature
//   1 vocabulary    src/access/, src/roles/           what controllers import; no services
//   2 features      src/<feature>/                    entity + domain service (+ thin controller)
//   3 use cases     src/auth/, src/administration/,   compose features; the HTTP surfaces
//     and surfaces  src/odata/, src/web/, src/web-api/, src/health/, src/observability/
//   4 root          src/database/, src/cli/, src/demo/, src/*.ts   composition
const CORE = '^src/core/';
const VOCABULARY = '^src/(access|roles)/';
const FEATURES = '^src/(tenants|settings|users|workgroups|sessions|api-keys|audit|projects)/';
const SURFACES = '^src/(auth|administration|odata|web|web-api|health|observability)/';
const ROOT = '^src/(database/|cli/|demo/|[^/]+\\.ts$)';

const above = (...layers) => ({ path: layers.join('|') });

module.exports = {
  forbidden: [
    {
      name: 'core-knows-no-feature',
      severity: 'error',
      comment: 'src/core imports nothing else from src',
      from: { path: CORE },
      to: { path: '^src/', pathNot: CORE },
    },
    {
      name: 'vocabulary-below-features',
      severity: 'error',
      comment: 'the request vocabulary holds no services and imports no feature',
      from: { path: VOCABULARY },
      to: above(FEATURES, SURFACES, ROOT),
    },
    {
      name: 'features-below-surfaces',
      severity: 'error',
      comment: 'a feature imports no use case, surface or composition root',
      from: { path: FEATURES },
      to: above(SURFACES, ROOT),
    },
    {
      name: 'surfaces-below-root',
      severity: 'error',
      comment: 'use cases and surfaces do not import the composition root',
      from: { path: SURFACES },
      to: above(ROOT),
    },
    {
      name: 'no-circular',
      severity: 'error',
      // A type-only import is erased at compile time: a recursive grammar (an expression parser and
      // its lambda sub-parser naming each other's types) is no runtime cycle.
      comment: 'no import cycles at run time',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'every-file-has-a-layer',
      severity: 'error',
      comment: 'a new top-level folder must be given a layer here',
      from: { path: '^src/', pathNot: [CORE, VOCABULARY, FEATURES, SURFACES, ROOT].join('|') },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
