/**
 * What the hook benchmark relies on, without measuring anything (issue 15, "Why" 8: benchmarks
 * run under `npm run bench`, not `npm test`): the standard hook sequence of the minimal requirer
 * is recorded hook by hook under the simulator, the credentials hook reads the secret and
 * remembers it in local state, and a recorded hook replays faithfully.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildLibraryCharm, copyCharmDir } from "../../bench/charm-dirs.js";
import { dispatchScript } from "../../lib/cli/build-charm-files.js";
import { verifyReplay } from "../../bench/hook-replay.js";
import { CREDENTIALS_HOOK, recordStandardSequence, STANDARD_HOOKS, type RecordedHook } from "../../bench/hook-sequence.js";

const REPO = path.join(__dirname, "..", "..");
let work: string;
let recorded: RecordedHook[];
let charmDir: string;
/** What the unit's credentials.json held at the end of the sequence (before any replay rewrites it). */
let written: { text: string; mode: number };

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "hook-sequence-"));
  charmDir = (await buildLibraryCharm("pg-minimal", path.join(REPO, "bench", "charms", "pg-minimal"), work)).dir;
  const provider = copyCharmDir("pg-provider", path.join(REPO, "bench", "charms", "pg-provider"), work);
  recorded = await recordStandardSequence(charmDir, provider, path.join(work, "model"));
  const file = path.join(recorded.find((r) => r.label === CREDENTIALS_HOOK)?.recording.env["JUJU_CHARM_DIR"] ?? "", "credentials.json");
  written = { text: fs.readFileSync(file, "utf8"), mode: fs.statSync(file).mode & 0o777 };
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("the benchmark's charm is built the documented way: the bundle and the dispatch `charm-data-interfaces build` writes", () => {
  expect(fs.readFileSync(path.join(charmDir, "dispatch"), "utf8")).toBe(dispatchScript("build/charm.js"));
  expect(fs.existsSync(path.join(charmDir, "build", "charm.js"))).toBe(true);
});

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

test("the charm wrote the credentials it received and the endpoints after they moved, readable by its owner only", () => {
  expect(JSON.parse(written.text)).toEqual({ username: expect.stringMatching(/^relation_id_\d+$/), password: "bench-pw-1", endpoints: ["10.1.0.20:5432"] });
  expect(written.mode).toBe(0o600);
});
