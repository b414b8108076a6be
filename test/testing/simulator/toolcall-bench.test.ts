import { formatToolCallCost, measureToolCallCost } from "../../../bench/toolcall.js";

// Prints what a hook-tool call costs (see bench/toolcall.ts); asserts only what must hold on any machine.
test("measures and prints the round-trip and canned tool-call costs", async () => {
  const cost = await measureToolCallCost(100);
  console.log(formatToolCallCost(cost));
  expect(cost.servedCalls).toBe(100);
  expect(Number.isFinite(cost.roundTripMs)).toBe(true);
  expect(Number.isFinite(cost.cannedMs)).toBe(true);
});
