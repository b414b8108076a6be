// Which Node `npm run bench` runs under: the part recipe's unless told otherwise (bench/bench-cli.ts).
import { RECIPE_NODE_VERSION } from "../../lib/cli/build-charm-files.js";
import { otherNode } from "../../bench/bench-cli.js";

test("by default the Node a charm built the documented way ships; none to fetch when this process is it", () => {
  const expected = process.version === `v${RECIPE_NODE_VERSION}` ? undefined : RECIPE_NODE_VERSION;
  expect(otherNode([])).toBe(expected);
  expect(otherNode(["--runs", "20"])).toBe(expected);
});

test("--node picks a release, or this machine's Node", () => {
  expect(otherNode(["--node", "machine"])).toBeUndefined();
  expect(otherNode(["--node", process.version.slice(1)])).toBeUndefined();
  expect(otherNode(["--node", "0.0.1", "--runs", "3"])).toBe("0.0.1");
});

test("a --node without a release is refused with the forms it takes", () => {
  for (const bad of [["--node"], ["--node", "v24.22.3"], ["--node", "24"], ["--node", "latest"]]) {
    expect(() => otherNode(bad)).toThrow("--node needs a version such as 24.22.3, or machine");
  }
});
