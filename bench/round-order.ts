/**
 * The order in which one round of an interleaved benchmark runs its subjects: rotated by one
 * place a round, so that over as many rounds as there are subjects each one runs once in every
 * position. A fixed order gives each subject its own neighbours and its own place after the
 * floor, which biases medians by more than the changes being compared (bench/NOTES.md,
 * seventeenth stop).
 */
export function rotatedBy<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  return items.map((_, i) => items[(i + round) % n] as T);
}
