import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HookTransport } from "../../../lib/testing/simulator/transport/hook-transport.js";
import type { ToolCall } from "../../../lib/testing/simulator/transport/tool-call.js";
import { scaled } from "../../support/time-scale.js";

/** A charm dir whose dispatch is the given sh body. */
function shellCharm(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "transport-charm-"));
  fs.writeFileSync(path.join(dir, "dispatch"), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

describe("HookTransport", () => {
  let transport: HookTransport;
  const dirs: string[] = [];
  beforeEach(() => {
    transport = HookTransport.open();
  });
  afterEach(() => {
    transport.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const charm = (body: string): string => {
    const d = shellCharm(body);
    dirs.push(d);
    return d;
  };

  test("passes arbitrary argv exactly and relays stdout, stderr and exit code", async () => {
    const seen: ToolCall[] = [];
    const tricky = ["a b", "", "x=y", "it's \"quoted\"", "line1\nline2", "ünïcødé ☃", "-", "--", "$HOME", "*", "\\n", " "];
    const quoted = tricky.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
    const result = await transport.runHook({
      charmDir: charm(`relation-get ${quoted} > out.txt 2> err.txt; echo "code=$?"`),
      env: { JUJU_UNIT_NAME: "app/0" },
      handler: (call) => {
        seen.push(call);
        return { code: 3, stdout: "out\nwith no final newline ☃", stderr: "ERROR something\n" };
      },
    });
    const cwd = dirs[0] ?? "";
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("code=3\n");
    expect(seen).toEqual([{ cmd: "relation-get", argv: tricky, stdin: undefined }]);
    expect(fs.readFileSync(path.join(cwd, "out.txt"), "utf8")).toBe("out\nwith no final newline ☃");
    expect(fs.readFileSync(path.join(cwd, "err.txt"), "utf8")).toBe("ERROR something\n");
    expect(result.calls).toHaveLength(1);
    expect(result.calls[0]).toMatchObject({ cmd: "relation-get", code: 3 });
  });

  test("forwards megabytes of stdin for --file - and returns megabytes of stdout", async () => {
    let received = "";
    const big = "x".repeat(3 * 1024 * 1024);
    const result = await transport.runHook({
      charmDir: charm(`head -c ${3 * 1024 * 1024} /dev/zero | tr '\\0' x | relation-set -r db:1 --file - && relation-get - app/0 | wc -c`),
      env: {},
      handler: (call) => {
        if (call.cmd === "relation-set") {
          received = call.stdin ?? "";
          return { code: 0, stdout: "", stderr: "" };
        }
        return { code: 0, stdout: big, stderr: "" };
      },
    });
    expect(result.code).toBe(0);
    expect(received.length).toBe(big.length);
    expect(result.stdout.trim()).toBe(String(big.length));
    expect(result.calls[0]?.stdinBytes).toBe(big.length);
  });

  test("does not read stdin unless the call asks for --file -", async () => {
    const seen: ToolCall[] = [];
    // stdin stays open (a sleeping writer): reading it would hang the call.
    const result = await transport.runHook({
      charmDir: charm(`mkfifo held; sleep 5 > held & is-leader --format=json < held; kill $!`),
      env: {},
      handler: (call) => {
        seen.push(call);
        return { code: 0, stdout: "true", stderr: "" };
      },
      timeoutMs: scaled(20_000),
    });
    expect(result.timedOut).toBe(false);
    expect(seen[0]?.stdin).toBeUndefined();
  });

  test("sets the hook env, the charm dir as cwd and the tools dir first on PATH", async () => {
    const dir = charm(`echo "$JUJU_UNIT_NAME|$(pwd)|$(command -v juju-log)"`);
    const result = await transport.runHook({ charmDir: dir, env: { JUJU_UNIT_NAME: "web/3" }, handler: () => ({ code: 0, stdout: "", stderr: "" }) });
    expect(result.stdout.trim()).toBe(`web/3|${fs.realpathSync(dir)}|${path.join(transport.toolsDir, "juju-log")}`);
  });

  test("redacts key=value arguments of data-writing tools in the call log", async () => {
    const result = await transport.runHook({
      charmDir: charm(`secret-add password=hunter2 --label db && relation-set -r 1 host=h`),
      env: {},
      handler: () => ({ code: 0, stdout: "", stderr: "" }),
    });
    expect(result.calls.map((c) => c.argv)).toEqual([
      ["password=<redacted>", "--label", "db"],
      ["-r", "1", "host=<redacted>"],
    ]);
    expect(JSON.stringify(result.calls)).not.toContain("hunter2");
  });

  test("reports a failing dispatch with its code and output", async () => {
    const result = await transport.runHook({
      charmDir: charm(`echo started; echo boom >&2; exit 7`),
      env: {},
      handler: () => ({ code: 0, stdout: "", stderr: "" }),
    });
    expect(result).toMatchObject({ code: 7, stdout: "started\n", stderr: "boom\n", timedOut: false });
  });

  test("kills a hook that runs too long, with everything it started", async () => {
    const result = await transport.runHook({ charmDir: charm(`sleep 30 & sleep 30`), env: {}, handler: () => ({ code: 0, stdout: "", stderr: "" }), timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.code).toBeNull();
  });

  test("does not wait for a daemon that escaped the hook's process group", async () => {
    // The daemon keeps the hook's stdout open for 100 s; the hook itself ends at once.
    const result = await transport.runHook({
      charmDir: charm(`setsid sleep 100 & echo $!; sleep 0.3`),
      env: {},
      handler: () => ({ code: 0, stdout: "", stderr: "" }),
      timeoutMs: scaled(20_000),
    });
    const daemon = Number(result.stdout.trim());
    try {
      expect(result).toMatchObject({ code: 0, timedOut: false });
      expect(daemon).toBeGreaterThan(0);
    } finally {
      if (daemon > 0) process.kill(daemon, "SIGKILL");
    }
  });

  test("refuses calls made from outside the running hook's context", async () => {
    const result = await transport.runHook({
      charmDir: charm(`JUJU_CONTEXT_ID=stale is-leader; echo "code=$?"`),
      env: {},
      handler: () => ({ code: 0, stdout: "true", stderr: "" }),
    });
    expect(result.stdout).toBe("code=1\n");
    expect(result.calls).toHaveLength(0);
  });

  test("a tool run outside any hook fails with a clear message", () => {
    const run = spawnSync(path.join(transport.toolsDir, "is-leader"), [], { env: { PATH: process.env["PATH"] ?? "" }, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("ERROR is-leader: no simulator hook context");
  });

  test("canned responses are served by the shim without reaching the handler", async () => {
    transport.close();
    transport = HookTransport.open({ canned: { "is-leader": [{ argv: ["--format=json"], stdout: "true" }], "juju-log": [{ argv: ["--log-level", "INFO", "--", "hi there"], stdout: "" }] } });
    const seen: ToolCall[] = [];
    const result = await transport.runHook({
      charmDir: charm(`is-leader --format=json; juju-log --log-level INFO -- "hi there"; is-leader`),
      env: {},
      handler: (call) => {
        seen.push(call);
        return { code: 0, stdout: "False", stderr: "" };
      },
    });
    expect(result.stdout).toBe("trueFalse");
    expect(seen.map((c) => c.argv)).toEqual([[]]);
  });

  test("close removes the temporary directory", () => {
    const root = transport.root;
    expect(fs.existsSync(root)).toBe(true);
    transport.close();
    expect(fs.existsSync(root)).toBe(false);
  });
});
