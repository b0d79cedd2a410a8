/** A progress line on stderr with the rate and the time left (the seed generator and the scale run). */
import { performance } from 'node:perf_hooks';

/** `[#####.....] 45,000 / 100,000  1,234 people/s  34 s left`, redrawn in place on a terminal */
export function progressBar(started: number) {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    if (!tty && done < total && now - lastLine < 2000) return;
    lastLine = now;
    const seconds = (now - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const left = (total - done) / Math.max(rate, 1);
    const filled = Math.round((done / total) * 30);
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${done.toLocaleString('en')} / ${total.toLocaleString('en')}` +
      `  ${Math.round(rate).toLocaleString('en')} people/s  ${done < total ? `${left.toFixed(0)} s left` : `${seconds.toFixed(1)} s`}`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    if (tty && done >= total) process.stderr.write('\n');
  };
}
