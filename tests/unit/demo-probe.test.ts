import { demoPlan } from '../../scripts/demo';
import { DEMO_PROBE_ID_NUMBER } from '../../scripts/demo-probe';

describe('demo probe', () => {
  it("asks for the last of the demo plan's subjects, whom `npm start` looks for to skip the loader", () => {
    expect(demoPlan().subjects.at(-1)!.idNumber).toBe(DEMO_PROBE_ID_NUMBER);
  });
});
