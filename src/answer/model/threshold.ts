/**
 * Where the refusal threshold may lie, given the predicted probabilities of a set of answers:
 * midway between two consecutive distinct ones, since every threshold between them answers the same
 * answers and the midpoint is farthest from both; below the lowest (answer all) and above the
 * highest (refuse all). Support has mass points at simple fractions (one of four equal terms covered
 * is 0.25): a threshold a hair from one would carry a whole group across it with the next refit.
 */
export function candidateThresholds(probabilities: number[]): number[] {
  const distinct = [...new Set(probabilities)].sort((a, b) => a - b);
  if (distinct.length === 0) return [0.5];
  return [distinct[0]! / 2, ...distinct.slice(1).map((p, i) => (p + distinct[i]!) / 2), (distinct.at(-1)! + 1) / 2];
}
