/**
 * Loaded into each service with `node --require` by bench/cpu.ts (BENCH_CPU_PROF=<dir>): the first
 * SIGUSR2 starts a V8 CPU profile, the next writes it to <dir>/<name>-<pid>.cpuprofile, so the
 * profile holds the measured requests only (not start-up or data loading). Node 20 refuses
 * --cpu-prof in NODE_OPTIONS, which is how the launcher passes options to its children.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 250 });
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.start');
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      const name = path.basename(path.dirname(process.argv[1].replace(/\/src\/index\.js$/, '/x')));
      if (!error)
        writeFileSync(path.join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
