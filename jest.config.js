/** Three tiers (STYLE.md): unit, integration (one service against a real Postgres), e2e (real processes). */
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

const project = (name, timeout) => ({
  displayName: name,
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  setupFiles: ['reflect-metadata'],
  testTimeout: timeout,
});

module.exports = {
  projects: [project('unit', 5000), project('integration', 60000), project('e2e', 180000)],
  maxWorkers: 2,
};
