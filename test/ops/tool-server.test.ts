// The hook-tool server of the generated dispatch (lib/ops/hooktools/tool-server*.ts), run for
// real: the dispatch's own shell lines around a Node process that claims the server as main()
// does, with hook tools that are small shell scripts on PATH.
import { spawnSync } from "node:child_process";
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { TOOL_SERVER_FUNCTIONS, withToolServer } from "../../lib/ops/hooktools/tool-server-shell.js";
import { claimToolServer, toolRequest } from "../../lib/ops/hooktools/tool-server.js";
import { TOOL_SERVER_VARIABLE } from "../../lib/ops/hooktools/tool-server-protocol.js";

let root: string;
let client: string;
let tools: string;

const TOOLS: Record<string, string> = {
  // Each argument in brackets, so that what arrived is exact.
  "show-args": `for a; do printf '[%s]' "$a"; done`,
  "cat-stdin": "cat",
  fails: `echo "ERROR relation 9 not found" >&2; echo partial; exit 1`,
  big: `head -c 1000000 /dev/zero | tr '\\0' a`,
  "parent-name": `cat /proc/$PPID/comm`,
  "stop-server": `kill $PPID`,
  "guard-value": `printf %s "$OPS_TS_DISPATCH"`,
  // A write whose output nobody reads (answered early): it waits until the hook makes the file
  // "go" (5 s at most, then fails), then records its arguments and input.
  "relation-set": `i=0; while [ ! -e go ]; do i=$((i + 1)); if [ $i -gt 500 ]; then echo "ERROR nobody said go" >&2; exit 3; fi; sleep 0.01; done; printf '%s\n' "$*" >> writes.log; cat >> writes.log`,
  "status-set": `echo "ERROR permission denied ($*)" >&2; exit 1`,
  "read-log": "cat writes.log",
  "touch-marker": ": > marker",
  // A read that counts its runs in the file "count" and prints the number.
  "count-read": `n=$(cat count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > count; printf 'read %s' "$n"`,
  // Kills the hook's Node, then writes more than a FIFO holds.
  "outlive-node": `kill -9 "$(cat node.pid)"; head -c 1000000 /dev/zero | tr '\\0' a`,
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "tool-server-"));
  tools = join(root, "tools");
  mkdirSync(tools);
  for (const [name, body] of Object.entries(TOOLS)) writeFileSync(join(tools, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  client = join(root, "client.cjs");
  await build({ entryPoints: [join(__dirname, "fixtures", "tool-server-client.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: client, logLevel: "silent" });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Call {
  readonly cmd: string;
  readonly argv?: readonly string[];
  readonly stdin?: string;
}
interface Outcome {
  readonly claimed: boolean;
  readonly variableLeft: string | null;
  readonly results: ReadonlyArray<{ code?: number; stdout?: string; stderr?: string; error?: string; message?: string; touched?: boolean; finished?: boolean; ahead?: boolean }>;
  readonly fallbackCalls: readonly string[];
  readonly child: { v: string | null; fifos: number };
  readonly ownFifos: number;
}

let runNumber = 0;

/** The dispatch's lines with `node client.cjs CALLS` as the hook's Node command, in its own directory. */
function runHook(calls: readonly Call[], nodeCommand = `"$NODE_BIN" "$CLIENT" "$CALLS"`, edit = (lines: string) => lines): { outcome: Outcome | undefined; status: number | null; dir: string; marker: string } {
  const dir = join(root, `hook-${++runNumber}`);
  mkdirSync(dir);
  const marker = `tool-server-test-${process.pid}-${runNumber}`;
  const script = `# ${marker}\n${TOOL_SERVER_FUNCTIONS}${edit(withToolServer(nodeCommand, ""))}\nexit "$rc"\n`;
  const env = { PATH: `${tools}:${process.env["PATH"] ?? ""}`, NODE_BIN: process.execPath, CLIENT: client, CALLS: JSON.stringify(calls) };
  const ran = spawnSync("/bin/sh", ["-c", script], { cwd: dir, env, encoding: "utf8" });
  return { outcome: ran.stdout === "" ? undefined : (JSON.parse(ran.stdout) as Outcome), status: ran.status, dir, marker };
}

/** What `read` gives once it is empty, or after up to 2 s (the server and its `rm` end in the background). */
function settled<T>(read: () => readonly T[]): readonly T[] {
  const deadline = Date.now() + 2000;
  for (;;) {
    const found = read();
    if (found.length === 0 || Date.now() > deadline) return found;
    spawnSync("sleep", ["0.05"]);
  }
}

/** How many processes have `marker` in their command line (the shells of one run). */
function lingering(marker: string): number {
  return settled(() =>
    readdirSync("/proc").filter((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
      } catch {
        return false;
      }
    }),
  ).length;
}

/** The server's files left in `dir`. */
function leftovers(dir: string): readonly string[] {
  return settled(() => readdirSync(dir).filter((f) => f.startsWith(".ops-ts-hook-tools.")));
}

describe("the hook-tool server beside a hook", () => {
  test("answers each call exactly as spawning the tool would, with the shell (not Node) starting it", () => {
    const tricky = ["it's", 'say "hi"', "$HOME `id` $(id) *", "", "  spaced  ", "ünïcødé", "\\n \\", "-r", "--", "+", "-"];
    const calls: Call[] = [
      { cmd: "show-args", argv: tricky },
      { cmd: "cat-stdin", stdin: '{"database":"app","extra":"a\\nb $HOME `id` \\\\"}\n' },
      { cmd: "cat-stdin", stdin: "OPS_TS_STDIN\n" },
      { cmd: "cat-stdin", stdin: "\n" },
      { cmd: "fails", argv: ["x"] },
      { cmd: "big" },
      { cmd: "parent-name" },
      { cmd: "guard-value" },
    ];
    const { outcome, status, dir, marker } = runHook(calls);
    expect(status).toBe(0);
    expect(outcome?.claimed).toBe(true);
    const direct = calls.map((c) => spawnSync(c.cmd, [...(c.argv ?? [])], { input: c.stdin ?? "", encoding: "utf8", env: { PATH: `${tools}:${process.env["PATH"] ?? ""}`, OPS_TS_DISPATCH: "1" } }));
    const results = outcome?.results ?? [];
    for (const [i, call] of calls.entries()) {
      if (call.cmd === "parent-name") continue;
      expect({ call: call.cmd, code: results[i]?.code, stdout: results[i]?.stdout, stderr: results[i]?.stderr }).toEqual({ call: call.cmd, code: direct[i]?.status, stdout: direct[i]?.stdout, stderr: direct[i]?.stderr });
    }
    expect(results[5]?.stdout).toHaveLength(1_000_000);
    expect(results[6]?.stdout?.trim()).not.toBe("node");
    expect(results[6]?.stdout?.trim()).toMatch(/sh$/);
    expect(outcome?.fallbackCalls).toEqual([]);
    // Taken out of the environment; what the charm starts sees neither it nor the FIFOs.
    expect(outcome?.variableLeft).toBeNull();
    expect(outcome?.child).toEqual({ v: null, fifos: 0 });
    expect(outcome?.ownFifos).toBe(2);
    expect(leftovers(dir)).toEqual([]);
    expect(lingering(marker)).toBe(0);
  });

  test("each call's stderr is its own, in one file the server truncates; Node removes its name when it exits, so the server's exit starts no rm", () => {
    // An rm that records each use, first on the server's PATH.
    const spy = join(root, `rm-spy-${runNumber + 1}`);
    mkdirSync(spy);
    const used = join(spy, "used");
    writeFileSync(join(spy, "rm"), `#!/bin/sh\necho "$@" >> "${used}"\nexec /bin/rm "$@"\n`, { mode: 0o755 });
    const calls: Call[] = [{ cmd: "fails", argv: ["x"] }, { cmd: "show-args", argv: ["quiet"] }, { cmd: "fails", argv: ["y"] }];
    const { outcome, status, dir, marker } = runHook(calls, undefined, (lines) => `PATH=${spy}:$PATH\n${lines}`);
    expect(status).toBe(0);
    const direct = calls.map((c) => spawnSync(c.cmd, [...(c.argv ?? [])], { encoding: "utf8", env: { PATH: `${tools}:${process.env["PATH"] ?? ""}` } }));
    expect(direct[0]?.stderr).not.toBe("");
    expect(outcome?.results.map((r) => r.stderr)).toEqual(direct.map((d) => d.stderr));
    expect(lingering(marker)).toBe(0);
    expect(leftovers(dir)).toEqual([]);
    expect(existsSync(used)).toBe(false);
  });

  test("a write whose output nobody reads is answered before its tool ends; the next call waits for it, so calls keep their order", () => {
    // If run() waited for relation-set, the file it waits for would never come: it would fail after 5 s.
    const { outcome, status, dir } = runHook([
      { cmd: "relation-set", argv: ["-r", "db:1", "--app", "--file", "-"], stdin: '{"database":"app"}\n' },
      { cmd: "@touch", argv: ["go"] },
      { cmd: "read-log" },
      { cmd: "relation-set", argv: ["-r", "db:1", "--file", "-"], stdin: '{"alias":"one"}\n' },
      { cmd: "@finish" },
      { cmd: "@finish" },
    ]);
    expect(status).toBe(0);
    expect(outcome?.results).toEqual([
      { code: 0, stdout: "", stderr: "" },
      { touched: true },
      { code: 0, stdout: '-r db:1 --app --file -\n{"database":"app"}\n', stderr: "" },
      { code: 0, stdout: "", stderr: "" },
      { finished: true },
      { finished: true },
    ]);
    expect(readFileSync(join(dir, "writes.log"), "utf8")).toBe('-r db:1 --app --file -\n{"database":"app"}\n-r db:1 --file -\n{"alias":"one"}\n');
    expect(outcome?.fallbackCalls).toEqual([]);
  });

  test("a write's failure is its typed error, with its own stderr, thrown by the next call (which is then not sent) or by finishWrites", () => {
    const { outcome, dir } = runHook([
      { cmd: "status-set", argv: ["--application=False", "active", "--", "first"] },
      { cmd: "touch-marker" },
      { cmd: "status-set", argv: ["--application=False", "active", "--", "second"] },
      { cmd: "@finish" },
      { cmd: "@finish" },
    ]);
    const denied = (message: string) => ({ error: "PermissionDeniedError", message: expect.stringContaining(`ERROR permission denied (--application=False active -- ${message})`) as unknown });
    expect(outcome?.results).toEqual([{ code: 0, stdout: "", stderr: "" }, denied("first"), { code: 0, stdout: "", stderr: "" }, denied("second"), { finished: true }]);
    expect(existsSync(join(dir, "marker"))).toBe(false);
  });

  test("a read started ahead answers the first call of the same command line, after calls before it; the next one runs anew", () => {
    const { outcome, dir } = runHook([
      { cmd: "@ahead", argv: ["count-read", "--format=json"] },
      { cmd: "show-args", argv: ["between"] },
      { cmd: "count-read", argv: ["--format=json", "-r", "db:1"] },
      { cmd: "count-read", argv: ["--format=json"] },
      { cmd: "count-read", argv: ["--format=json"] },
    ]);
    expect(outcome?.results).toEqual([
      { ahead: true },
      { code: 0, stdout: "[between]", stderr: "" },
      { code: 0, stdout: "read 2", stderr: "" },
      { code: 0, stdout: "read 1", stderr: "" },
      { code: 0, stdout: "read 3", stderr: "" },
    ]);
    expect(readFileSync(join(dir, "count"), "utf8").trim()).toBe("3");
    expect(outcome?.fallbackCalls).toEqual([]);
  });

  test("a read started ahead that fails gives its own failure and stderr to the call that asks, not to another; after a write it runs again", () => {
    const { outcome } = runHook([
      { cmd: "@ahead", argv: ["fails", "ahead"] },
      { cmd: "show-args", argv: ["other"] },
      { cmd: "fails", argv: ["ahead"] },
      { cmd: "@ahead", argv: ["count-read"] },
      { cmd: "@touch", argv: ["go"] },
      { cmd: "relation-set", argv: ["-r", "db:1", "--file", "-"], stdin: "{}\n" },
      { cmd: "count-read" },
    ]);
    const direct = spawnSync("fails", ["ahead"], { encoding: "utf8", env: { PATH: `${tools}:${process.env["PATH"] ?? ""}` } });
    expect(outcome?.results).toEqual([
      { ahead: true },
      { code: 0, stdout: "[other]", stderr: "" },
      { code: direct.status, stdout: direct.stdout, stderr: direct.stderr },
      { ahead: true },
      { touched: true },
      { code: 0, stdout: "", stderr: "" },
      { code: 0, stdout: "read 2", stderr: "" },
    ]);
  });

  test("a read started ahead of a tool that is not on PATH throws HookToolNotFoundError at the call that asks, not at another", () => {
    const { outcome } = runHook([
      { cmd: "@ahead", argv: ["relation-get", "--format=json"] },
      { cmd: "show-args", argv: ["other"] },
      { cmd: "relation-get", argv: ["--format=json"] },
    ]);
    expect(outcome?.results.slice(1)).toEqual([
      { code: 0, stdout: "[other]", stderr: "" },
      { error: "HookToolNotFoundError", message: "hook tool relation-get was not found on PATH; hook tools exist only while Juju runs a hook or action" },
    ]);
  });

  test("a read started ahead that nothing asks for leaves no server, FIFO or file behind", () => {
    const { outcome, status, dir, marker } = runHook([{ cmd: "@ahead", argv: ["count-read"] }]);
    expect(status).toBe(0);
    expect(outcome?.results).toEqual([{ ahead: true }]);
    expect(leftovers(dir)).toEqual([]);
    expect(lingering(marker)).toBe(0);
  });

  test("a tool that is not on PATH is HookToolNotFoundError, as when Node spawns it", () => {
    const { outcome } = runHook([{ cmd: "relation-get", argv: ["--format=json"] }]);
    expect(outcome?.results[0]?.error).toBe("HookToolNotFoundError");
    expect(outcome?.results[0]?.message).toBe("hook tool relation-get was not found on PATH; hook tools exist only while Juju runs a hook or action");
    expect(outcome?.fallbackCalls).toEqual([]);
  });

  test("what the server cannot take goes to Node's own runner: a long request, a newline in a word, other input, a NUL", () => {
    const long = "x".repeat(1400);
    const { outcome } = runHook([
      { cmd: "cat-stdin", stdin: `${long}\n` },
      { cmd: "show-args", argv: ["two\nlines\n\n"] },
      { cmd: "cat-stdin", stdin: "no newline at the end" },
      { cmd: "cat-stdin", stdin: "two\nlines\n" },
      { cmd: "show-args", argv: ["a\0b"] },
      { cmd: "show-args", argv: ["short"] },
    ]);
    expect(outcome?.results.slice(0, 4)).toEqual([
      { code: 0, stdout: `${long}\n`, stderr: "" },
      { code: 0, stdout: "[two\nlines\n\n]", stderr: "" },
      { code: 0, stdout: "no newline at the end", stderr: "" },
      { code: 0, stdout: "two\nlines\n", stderr: "" },
    ]);
    expect(outcome?.results[4]?.error).toBeDefined();
    expect(outcome?.results[5]).toEqual({ code: 0, stdout: "[short]", stderr: "" });
    expect(outcome?.fallbackCalls).toEqual(["cat-stdin", "show-args", "cat-stdin", "cat-stdin", "show-args"]);
  });

  test("a server that stops mid-call fails that call with a typed error, and later calls run from Node", () => {
    const { outcome, status, dir } = runHook([{ cmd: "stop-server" }, { cmd: "show-args", argv: ["after"] }]);
    expect(status).toBe(0);
    expect(outcome?.results[0]).toEqual({ error: "OpsError", message: "hook tool stop-server got no answer from the dispatch's tool server" });
    expect(outcome?.results[1]).toEqual({ code: 0, stdout: "[after]", stderr: "" });
    expect(outcome?.fallbackCalls).toEqual(["show-args"]);
    expect(leftovers(dir)).toEqual([]);
  });

  test("a hook that never claims the server (a snapshot that does not fit, a crash) leaves no server and no FIFO", () => {
    const { status, dir, marker } = runHook([], `"$NODE_BIN" -e "process.exitCode = 14"`);
    expect(status).toBe(14);
    expect(leftovers(dir)).toEqual([]);
    expect(lingering(marker)).toBe(0);
  });

  test("a tool still writing when Node dies gets SIGPIPE, as with Node's own pipe: no server or tool is left waiting", () => {
    const { status, dir, marker } = runHook([{ cmd: "outlive-node" }]);
    expect(status).toBe(137);
    expect(lingering(marker)).toBe(0);
    expect(leftovers(dir)).toEqual([]);
  });

  test("a server that Node has called ends with Node even when the dispatch's shell is killed first", () => {
    const { outcome, dir, marker } = runHook([{ cmd: "show-args", argv: ["a"] }], `"$NODE_BIN" "$CLIENT" "$CALLS" & kill -9 $$`);
    expect(outcome?.results[0]).toEqual({ code: 0, stdout: "[a]", stderr: "" });
    expect(lingering(marker)).toBe(0);
    expect(leftovers(dir)).toEqual([]);
  });

  test("the hook's exit code and a death by signal reach dispatch", () => {
    expect(runHook([], `"$NODE_BIN" -e "process.exitCode = 3"`).status).toBe(3);
    const killed = runHook([], `"$NODE_BIN" -e "process.kill(process.pid, 'SIGKILL')"`);
    expect(killed.status).toBe(137);
    expect(leftovers(killed.dir)).toEqual([]);
  });

  test("a server of another protocol version is left alone (main() then runs the tools from Node), and it still ends", () => {
    const otherVersion = (lines: string): string => lines.replace("OPS_TS_TOOL_SERVER_1=", "OPS_TS_TOOL_SERVER_0=");
    expect(otherVersion(withToolServer("node", ""))).toContain("OPS_TS_TOOL_SERVER_0=$PWD/");
    const { outcome, status, dir, marker } = runHook([{ cmd: "show-args", argv: ["a"] }], undefined, otherVersion);
    expect(status).toBe(0);
    expect(outcome?.claimed).toBe(false);
    expect(outcome?.results[0]).toEqual({ none: true });
    expect(leftovers(dir)).toEqual([]);
    expect(lingering(marker)).toBe(0);
  });

  test("without a server (no variable, or an empty one) Node runs its tools itself", () => {
    const { outcome } = runHook([{ cmd: "show-args", argv: ["a"] }], `OPS_TS_TOOL_SERVER_1= "$NODE_BIN" "$CLIENT" "$CALLS"`);
    expect(outcome?.claimed).toBe(false);
    expect(outcome?.results[0]).toEqual({ none: true });
  });
});

describe("claimToolServer", () => {
  test("a server found half made (the request FIFO but no answer FIFO) is not claimed, and no descriptor is left open", () => {
    const dir = mkdtempSync(join(root, "half-"));
    const prefix = join(dir, ".ops-ts-hook-tools.1");
    expect(spawnSync("mkfifo", [`${prefix}.in`]).status).toBe(0);
    // A reader, as a server would hold it, so that opening the write end does not fail first.
    const reader = openSync(`${prefix}.in`, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const before = readdirSync("/proc/self/fd").length;
      const fallback = { run: () => ({ code: 0, stdout: "", stderr: "" }) };
      const env: NodeJS.ProcessEnv = { [TOOL_SERVER_VARIABLE]: prefix };
      expect(claimToolServer(env, fallback)).toBeUndefined();
      expect(env).toEqual({});
      expect(readdirSync("/proc/self/fd").length).toBe(before);
      // Nothing was removed: names are taken only from a server that was claimed.
      expect(existsSync(`${prefix}.in`)).toBe(true);
    } finally {
      closeSync(reader);
    }
  });
});

describe("toolRequest", () => {
  test("frames a call as its word count, its words one to a line, then - or + and the one line of input", () => {
    expect(toolRequest("relation-get", ["-r", "db:1", "it's $x"])).toBe("4\nrelation-get\n-r\ndb:1\nit's $x\n-\n");
    expect(toolRequest("relation-set", ["--file", "-"], '{"a":"b"}\n')).toBe('3\nrelation-set\n--file\n-\n+{"a":"b"}\n');
    expect(toolRequest("relation-set", [""], "\n")).toBe("2\nrelation-set\n\n+\n");
  });

  test("leaves to Node a request over 1300 characters, a NUL, a newline in a word, or input that is not one line", () => {
    expect(toolRequest("relation-set", [], `${"x".repeat(1300)}\n`)).toBeUndefined();
    expect(toolRequest("relation-get", ["x".repeat(1200)])).toBeDefined();
    expect(toolRequest("relation-get", ["a\0"])).toBeUndefined();
    expect(toolRequest("juju-log", ["two\nlines"])).toBeUndefined();
    expect(toolRequest("relation-set", [], "no newline")).toBeUndefined();
    expect(toolRequest("relation-set", [], "two\nlines\n")).toBeUndefined();
  });
});
