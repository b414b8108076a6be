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
import { CREDENTIALS_HOOK, kubernetesCopy, movedTo, recordStandardSequence, STANDARD_HOOKS, type RecordedHook } from "../../bench/hook-sequence.js";
import { LAGS_KEY, LOCAL_STATE_FILE } from "../../lib/ops/index.js";

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
  recorded = await recordStandardSequence(charmDir, provider, path.join(work, "model"), LOCAL_STATE_FILE);
  const file = path.join(recorded.find((r) => r.label === CREDENTIALS_HOOK)?.recording.env["JUJU_CHARM_DIR"] ?? "", "credentials.json");
  written = { text: fs.readFileSync(file, "utf8"), mode: fs.statSync(file).mode & 0o777 };
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("the benchmark's charm is built the documented way: the bundle and the dispatch `charm-data-interfaces build` writes", () => {
  expect(fs.readFileSync(path.join(charmDir, "dispatch"), "utf8")).toBe(dispatchScript("build/charm.js"));
  expect(fs.existsSync(path.join(charmDir, "build", "charm.js"))).toBe(true);
});

test("every hook of the standard sequence is recorded, in order, with the state file as it was before it", () => {
  expect(recorded.map((r) => r.label)).toEqual([...STANDARD_HOOKS]);
  // The machine unit's first hook finds no state file, and being install it has no controller
  // state to carry over either: no hook of this unit makes a state call.
  expect(recorded.map((r) => r.state?.before === null)).toEqual(STANDARD_HOOKS.map((label) => label === "install"));
  expect(recorded.flatMap((r) => r.recording.calls.filter((c) => c.cmd.startsWith("state-")).map((c) => `${r.label}: ${c.cmd}`))).toEqual([]);
});

// Was "writes the snapshot" with relation-set: the engine remembers in local state now (issue 13).
test("the credentials hook is the relation-changed that reads the secret and remembers it in the unit's state file, not in the databag", () => {
  const at = recorded.findIndex((r) => r.label === CREDENTIALS_HOOK);
  const calls = recorded[at]?.recording.calls.map((c) => c.cmd);
  expect(calls).toEqual(["relation-get", "secret-get"]);
  const [before, after] = [recorded[at]?.state?.before, recorded[at + 1]?.state?.before];
  expect(before).toBeInstanceOf(Buffer);
  expect(after?.equals(before ?? Buffer.alloc(0))).toBe(false);
  // Remembered as digests: the password the provider sent is not in the file.
  expect(after?.toString("utf8")).not.toContain("bench-pw-1");
});

test("a recorded hook replays with the same calls, argv and stdin, from the state file it started with", async () => {
  const at = recorded.findIndex((r) => r.label === CREDENTIALS_HOOK);
  const hook = recorded[at];
  if (hook === undefined) throw new Error("no credentials hook recorded");
  const replayable = movedTo(hook, hook.recording.env["JUJU_CHARM_DIR"] ?? "");
  const stateFile = path.join(replayable.charmDir, LOCAL_STATE_FILE);
  // Twice: each run starts from the recorded state, not from what the previous run left, and
  // leaves what the recorded hook left (what the next hook started from).
  for (let run = 0; run < 2; run++) {
    await expect(verifyReplay(replayable, work)).resolves.toBeUndefined();
    expect(fs.readFileSync(stateFile).equals(recorded[at + 1]?.state?.before ?? Buffer.alloc(0))).toBe(true);
  }
});

test("the charm wrote the credentials it received and the endpoints after they moved, readable by its owner only", () => {
  expect(JSON.parse(written.text)).toEqual({ username: expect.stringMatching(/^relation_id_\d+$/), password: "bench-pw-1", endpoints: ["10.1.0.20:5432"] });
  expect(written.mode).toBe(0o600);
});

test("the Kubernetes copy (the bench's `library on Kubernetes`, `--compare --kubernetes`) keeps its state file with a copy in the controller: one state-get, at install, and a state-set wherever the state changes but in relation-created, whose record goes with the next one", async () => {
  const k8s = kubernetesCopy(charmDir, work);
  expect(fs.readFileSync(path.join(k8s, "dispatch"), "utf8").split("\n")[1]).toBe("export KUBERNETES_SERVICE_HOST=10.152.183.1");
  const provider = copyCharmDir("pg-provider-k8s", path.join(REPO, "bench", "charms", "pg-provider"), work);
  const onKubernetes = await recordStandardSequence(k8s, provider, path.join(work, "model-kubernetes"), LOCAL_STATE_FILE);
  const stateCalls = (label: string) => onKubernetes.find((r) => r.label === label)?.recording.calls.filter((c) => c.cmd.startsWith("state-")).map((c) => c.cmd);
  expect(Object.fromEntries(STANDARD_HOOKS.map((label) => [label, stateCalls(label)]))).toEqual({
    ...Object.fromEntries(STANDARD_HOOKS.map((label) => [label, []])),
    install: ["state-get", "state-set"],
    [CREDENTIALS_HOOK]: ["state-set"],
    "database-relation-changed (endpoints change)": ["state-set"],
    "secret-changed (rotation)": ["state-set"],
    "database-relation-broken": ["state-set"],
  });
  // relation-created's record (the relation, the endpoint's roster) waits in the file's list of
  // what the copy lacks; the next hook that changes the state (the provider's first, empty
  // relation-changed, before the credentials) sends it.
  const lagsBefore = (label: string) => {
    const values = (JSON.parse(onKubernetes.find((r) => r.label === label)?.state?.before?.toString() ?? "{}") as { values?: Record<string, string> }).values ?? {};
    return values[LAGS_KEY] === undefined ? [] : (JSON.parse(values[LAGS_KEY]) as string[]);
  };
  expect(lagsBefore("database-relation-joined")).toEqual(["ops-ts/stored/data-interfaces.requires.relations/database", "ops-ts/stored/data-interfaces.requires/database"]);
  expect(lagsBefore(CREDENTIALS_HOOK)).toEqual([]);
  // The provider's bag is read ahead, when the hook claims the dispatch's server (lib/ops/hooktools/read-ahead.ts).
  expect(onKubernetes.find((r) => r.label === CREDENTIALS_HOOK)?.recording.calls.map((c) => c.cmd)).toEqual(["relation-get", "secret-get", "state-set"]);
  // The file and the controller's copy hold the same after the last hook.
  const last = onKubernetes.at(-1);
  const written = last?.recording.calls.find((c) => c.cmd === "state-set")?.stdin ?? "";
  const file = JSON.parse(fs.readFileSync(path.join(last?.recording.env["JUJU_CHARM_DIR"] ?? "", LOCAL_STATE_FILE), "utf8")) as { values: Record<string, string> };
  expect(file.values).toEqual(expect.objectContaining(JSON.parse(written) as Record<string, string>));
});
