import { restartDelay } from '../../scripts/processes';

describe('restarting a process that died (npm start)', () => {
  it('waits 1 s, then twice as long each time, never more than 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => restartDelay(attempt))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
