// Prints the numbers a reliability suite measured (inputs tried, orders explored, invariants
// checked), so `npm test` output carries them; test/RELIABILITY.md records a reference run.

/** Prints one suite's numbers as a single block. */
export function recordReliabilityNumbers(suite: string, numbers: Readonly<Record<string, number | string>>): void {
  const lines = Object.entries(numbers).map(([k, v]) => `  ${k}: ${v}`);
  process.stdout.write(`[reliability] ${suite}\n${lines.join("\n")}\n`);
}
