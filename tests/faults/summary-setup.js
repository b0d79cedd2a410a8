/** One file per run that every fault test appends its figures to; the summary reporter prints it. */
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  process.env.FAULTS_SUMMARY ??= path.join(
    mkdtempSync(path.join(os.tmpdir(), 'sa-faults-')),
    'summary.jsonl',
  );
};
