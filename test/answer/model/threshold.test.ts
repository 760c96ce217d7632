import { describe, expect, it } from 'vitest';
import { candidateThresholds } from '../../../src/answer/model/threshold.js';

describe('candidateThresholds', () => {
  it('lie midway between distinct probabilities, below the lowest and above the highest, never on one', () => {
    const probabilities = [0.2625, 0.2625, 0.2625, 0.258, 0.9];
    const thresholds = candidateThresholds(probabilities);
    expect(thresholds).toEqual([0.129, (0.258 + 0.2625) / 2, (0.2625 + 0.9) / 2, 0.95]);
    for (const threshold of thresholds) expect(probabilities).not.toContain(threshold);
    // (Two probabilities a millionth apart still have a threshold between them.)
    const [, between] = candidateThresholds([0.2500004, 0.2500006]);
    expect(between).toBeGreaterThan(0.2500004);
    expect(between).toBeLessThan(0.2500006);
  });

  it('give one threshold when there is nothing to place it between', () => {
    expect(candidateThresholds([])).toEqual([0.5]);
    expect(candidateThresholds([0.4])).toEqual([0.2, 0.7]);
  });
});
