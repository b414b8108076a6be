// bench/round-order.ts: the interleaved benchmarks (the full run and `--compare`) rotate their
// subjects every round, so that no subject always runs in the same place.
import { rotatedBy } from "../../bench/round-order.js";

test("each round runs every subject once, and over n rounds each subject takes each of the n places once", () => {
  const subjects = ["floor", "as built", "old bundle", "new bundle"];
  const rounds = [0, 1, 2, 3].map((r) => rotatedBy(subjects, r));
  for (const order of rounds) expect([...order].sort()).toEqual([...subjects].sort());
  for (let place = 0; place < subjects.length; place++) expect(rounds.map((order) => order[place]).sort()).toEqual([...subjects].sort());
  expect(rotatedBy(subjects, 4)).toEqual(subjects);
  expect(rotatedBy([], 3)).toEqual([]);
});
