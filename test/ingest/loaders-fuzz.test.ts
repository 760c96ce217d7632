import { describe, expect, it } from 'vitest';
import { fuzzTypes, runFuzz } from '../../scripts/fuzz-loaders.js';

// A few hundred mutated files of each type, seeded so a failure reproduces with
// `npm run fuzz:loaders -- --seed 20260 --cases 1000`; the script runs 10 000+.
describe('loadFile under fuzzing', () => {
  it('loads each mutated file or throws a coded error naming it', { timeout: 60_000 }, async () => {
    const report = await runFuzz({ seed: 20260, casesPerType: 200 });
    expect(report.uncoded).toEqual([]);
    expect(report.cases).toBe(200 * fuzzTypes.length);
    // Both outcomes occur for every type, so the generator neither only breaks nor only copies files.
    for (const type of fuzzTypes) {
      const outcomes = report.outcomes[type] ?? {};
      expect(outcomes.loaded ?? 0, type).toBeGreaterThan(0);
      expect(Object.keys(outcomes).length, type).toBeGreaterThan(1);
    }
  });
});
