/**
 * The fault suite (`npm run test:faults`, run by .ci/run after `npm test`): real processes killed and
 * restarted under load, a PostgreSQL server stopped and started. Not one of `npm test`'s projects: it
 * takes minutes. One test file at a time (each starts six processes); a table of what was injected and
 * measured is printed at the end (tests/faults/summary-reporter.js).
 */
const base = require('./jest.config');

const unit = base.projects.find((p) => p.displayName === 'unit');

module.exports = {
  forceExit: true,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/tests/faults/summary-reporter.js'],
  projects: [
    {
      ...unit,
      displayName: 'faults',
      testMatch: ['<rootDir>/tests/faults/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/timeout-faults.ts'],
      globalSetup: '<rootDir>/tests/faults/summary-setup.js',
    },
  ],
};
