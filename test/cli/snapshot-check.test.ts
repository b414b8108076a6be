// The build's start-up snapshot check (lib/cli/snapshot-check.ts), run for real with this
// machine's Node: `charm-data-interfaces build` says when the unit's hooks would start plainly.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runBuild, type BuildReport } from "../../lib/cli/build-command.js";
import { checkStartupSnapshot, snapshotFailureReason } from "../../lib/cli/snapshot-check.js";

const OPS = resolve(__dirname, "../../lib/ops/index.ts");
const work = mkdtempSync(join(tmpdir(), "cdi-snapshot-check-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A charm project whose src/charm.ts starts with `moduleCode`. */
function charmProject(name: string, moduleCode: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "metadata.yaml"), `name: ${name}\n`);
  writeFileSync(
    join(dir, "src", "charm.ts"),
    `import { ActiveStatus, CharmBase, main } from ${JSON.stringify(OPS)};
${moduleCode}
class Quiet extends CharmBase {
  protected override setup(): void {
    this.on("update-status", () => this.unit.setStatus(new ActiveStatus("fine")));
  }
}
void main(Quiet);
`,
  );
  return dir;
}

async function build(argv: readonly string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const code = await runBuild(argv, { stdout: (t) => void (stdout += t), stderr: () => undefined });
  return { code, stdout };
}

describe("checkStartupSnapshot", () => {
  test("a script Node can snapshot passes", () => {
    const script = join(work, "plain.js");
    writeFileSync(script, "globalThis.ready = [1, 2, 3].map((n) => n * 2);\n");
    expect(checkStartupSnapshot(script)).toEqual({ ok: true, node: process.version });
  });

  test("a script that throws at load: Node's error line is the reason", () => {
    const script = join(work, "throws.js");
    writeFileSync(script, 'throw new RangeError("the module refuses to load");\n');
    expect(checkStartupSnapshot(script)).toEqual({ ok: false, node: process.version, reason: "RangeError: the module refuses to load" });
  });

  test("a script that loads node:http at module load (the mongodb driver does) cannot be snapshotted", () => {
    const script = join(work, "http.js");
    writeFileSync(script, 'require("node:http");\n');
    const check = checkStartupSnapshot(script);
    expect(check.ok).toBe(false);
    // Node 20: its builder lacks toSorted, which node:http calls; Node that gets past it cannot save the parser.
    expect(check.ok === false && check.reason).toMatch(/toSorted is not a function|could not save the heap/);
  });

  test("a script whose module code leaves a timer running never ends: the check says so when its time is up", () => {
    const script = join(work, "interval.js");
    writeFileSync(script, "setInterval(() => undefined, 1000);\n");
    const check = checkStartupSnapshot(script, 2_000);
    expect(check).toEqual({ ok: false, node: process.version, reason: expect.stringMatching(/^Node did not finish within 2 s: module code left a timer, a socket or a server open/) });
  });
});

describe("snapshotFailureReason", () => {
  test("the first error line, cut at 300 characters; else a crash's cause; else the exit", () => {
    expect(snapshotFailureReason("(node:1) Warning: x\n/c.js:1\n  ^\n\nTypeError: boom\n    at f\n", 1, null)).toBe("TypeError: boom");
    expect(snapshotFailureReason(`Error: ${"x".repeat(400)}\n`, 1, null)).toBe(`Error: ${"x".repeat(293)}...`);
    expect(snapshotFailureReason("global handle not serialized: ...\n# Check failed: handle_checker\n", null, "SIGTRAP")).toMatch(/^Node could not save the heap: module code left a native handle/);
    expect(snapshotFailureReason("", null, "SIGKILL")).toBe("Node was stopped by SIGKILL");
    expect(snapshotFailureReason("", 3, null)).toBe("Node exited with code 3");
  });
});

describe("charm-data-interfaces build", () => {
  test("says that this machine's Node made the snapshot, in text and in the JSON report", async () => {
    const dir = charmProject("fine", "");
    const text = await build([dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`start-up snapshot: made by Node ${process.version} here\n`);
    const json = await build([dir, "--format", "json"]);
    expect((JSON.parse(json.stdout) as BuildReport).snapshot).toEqual({ ok: true, node: process.version });
  });

  test("warns, with Node's reason and the way out, when hooks would start plainly; the build still succeeds", async () => {
    const dir = charmProject("http-at-load", 'import * as http from "node:http";\nexport const agent = new http.Agent();');
    const result = await build([dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^WARNING start-up snapshot: Node v\d+\.\d+\.\d+ cannot make one of this bundle, so every hook would start plainly \(2-3 times slower\): \S.*$/m);
    expect(result.stdout).toContain('await import("mongodb")');
  });

  test("--no-snapshot makes no check", async () => {
    const json = await build([charmProject("no-snapshot", ""), "--no-snapshot", "--format", "json"]);
    expect((JSON.parse(json.stdout) as BuildReport).snapshot).toBeNull();
  });
});
