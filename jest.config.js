/**
 * Four tiers (STYLE.md): unit (pure logic), medium (one module's services against a real Postgres,
 * no server), integration (subgraphs and the gateway in-process over real HTTP), e2e (real processes);
 * and security: the abuse limits, against the system in-process as integration tests start it; and
 * browser: the pages in Debian's Chromium (playwright-core) against the system in-process.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

const project = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  setupFiles: ['reflect-metadata'],
  // a project's own testTimeout is not applied to hooks; set it where it is
  setupFilesAfterEnv: [`<rootDir>/tests/helpers/timeout-${name}.ts`],
});

module.exports = {
  projects: [
    project('unit'),
    project('medium'),
    project('integration'),
    project('security'),
    project('e2e'),
    project('browser'),
  ],
  // A hook that fails half-way can leave a server of the system under test running; never let that
  // hold CI open. Open handles are still found with --detectOpenHandles.
  forceExit: true,
  maxWorkers: 2,
};
