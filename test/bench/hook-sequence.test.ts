/**
 * What the hook benchmark relies on, without measuring anything (issue 15, "Why" 8: benchmarks
 * run under `npm run bench`, not `npm test`): the standard hook sequence of the minimal requirer
 * is recorded hook by hook under the simulator, the credentials hook reads the secret and
 * remembers it in local state, and a recorded hook replays faithfully.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildCharmDir, copyCharmDir } from "../../bench/charm-dirs.js";
import { verifyReplay } from "../../bench/hook-replay.js";
import { CREDENTIALS_HOOK, recordStandardSequence, STANDARD_HOOKS, type RecordedHook } from "../../bench/hook-sequence.js";

const REPO = path.join(__dirname, "..", "..");
let work: string;
let recorded: RecordedHook[];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "hook-sequence-"));
  const charm = await buildCharmDir("pg-minimal", path.join(REPO, "bench", "charms", "pg-minimal"), work);
  const provider = copyCharmDir("pg-provider", path.join(REPO, "bench", "charms", "pg-provider"), work);
  recorded = await recordStandardSequence(charm.dir, provider, path.join(work, "model"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("every hook of the standard sequence is recorded, in order, each with its hook-tool calls", () => {
  expect(recorded.map((r) => r.label)).toEqual([...STANDARD_HOOKS]);
  for (const hook of recorded) expect([hook.label, hook.recording.calls.length > 0]).toEqual([hook.label, true]);
});

// Was "writes the snapshot" with relation-set: the engine remembers in local state now (issue 13).
test("the credentials hook is the relation-changed that reads the secret and remembers it in local state, not in the databag", () => {
  const calls = recorded.find((r) => r.label === CREDENTIALS_HOOK)?.recording.calls.map((c) => c.cmd);
  expect(calls).toContain("secret-get");
  expect(calls).toContain("state-set");
  expect(calls).not.toContain("relation-set");
});

test("a recorded hook replays with the same calls, argv and stdin", async () => {
  const hook = recorded.find((r) => r.label === CREDENTIALS_HOOK);
  if (hook === undefined) throw new Error("no credentials hook recorded");
  const env = hook.recording.env;
  await expect(verifyReplay({ charmDir: env["JUJU_CHARM_DIR"] ?? "", env, calls: hook.recording.calls }, work)).resolves.toBeUndefined();
});
