/**
 * Prints the fault suite's table at the end of the run: one row per fault injected, with the
 * requests sent during it, gateway 5xx, lost or doubled events and rows written by refused writes.
 */
const { existsSync, readFileSync } = require('node:fs');

const COLUMNS = [
  ['fault', 'fault'],
  ['requests', 'requests'],
  ['complete', 'complete'],
  ['partial', 'partial/refused'],
  ['fivexx', '5xx'],
  ['other', 'other errors'],
  ['lost', 'lost events'],
  ['doubled', 'doubled events'],
  ['halfWritten', 'half-written rows'],
  ['recoveredMs', 'back in (ms)'],
  ['slowestFailMs', 'slowest refusal (ms)'],
];

class FaultSummaryReporter {
  onRunComplete() {
    const file = process.env.FAULTS_SUMMARY;
    if (!file || !existsSync(file)) return;
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    if (!rows.length) return;
    const cells = rows.map((row) =>
      COLUMNS.map(([key]) => (row[key] === undefined ? '–' : String(row[key]))),
    );
    const widths = COLUMNS.map(([, title], i) => Math.max(title.length, ...cells.map((c) => c[i].length)));
    const line = (values) => '| ' + values.map((v, i) => v.padEnd(widths[i])).join(' | ') + ' |';
    const out = [
      '',
      'Fault suite summary',
      line(COLUMNS.map(([, title]) => title)),
      '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
      ...cells.map(line),
      '',
    ];
    process.stdout.write(out.join('\n') + '\n');
  }
}

module.exports = FaultSummaryReporter;
