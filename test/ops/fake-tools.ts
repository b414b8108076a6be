/**
 * Fake hook tools for tests: small POSIX sh scripts in a temp dir put on PATH. Each call records
 * its argv (NUL-separated), its stdin (when `--file` is given) and the content and modes of every
 * `key#file=<path>` argument, then prints a canned answer chosen by exact argv match.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HookToolBackend, createProcessRunner } from "../../lib/ops/index.js";

export interface CannedAnswer {
  /** Answer only when the argv equals this exactly; omitted = any argv. */
  readonly argv?: readonly string[];
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code?: number;
}

export interface RecordedCall {
  readonly tool: string;
  readonly argv: string[];
  readonly stdin?: string;
  /** key → content of each `key#file=` argument, read while the file existed. */
  readonly files: Record<string, string>;
  /** key → "<dir mode> <file mode>" (octal) of each `key#file=` argument. */
  readonly fileModes: Record<string, string>;
}

export const ALL_TOOLS = [
  "relation-ids", "relation-list", "relation-get", "relation-set", "relation-model-get",
  "is-leader", "config-get", "status-get", "status-set", "application-version-set", "juju-log",
  "action-get", "action-set", "action-log", "action-fail",
  "secret-add", "secret-get", "secret-set", "secret-info-get", "secret-ids", "secret-grant", "secret-revoke", "secret-remove",
  "state-get", "state-set", "state-delete", "network-get",
] as const;

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export class FakeTools {
  readonly root: string;
  readonly bin: string;
  private readonly callsDir: string;
  private readonly answersDir: string;
  private counter = 0;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), "ops-fake-tools-"));
    this.bin = join(this.root, "bin");
    this.callsDir = join(this.root, "calls");
    this.answersDir = join(this.root, "answers");
    for (const d of [this.bin, this.callsDir, this.answersDir]) mkdirSync(d);
    for (const tool of ALL_TOOLS) this.respond(tool, []);
  }

  /** PATH with the fake tools first. */
  path(base = process.env["PATH"] ?? ""): string {
    return `${this.bin}:${base}`;
  }

  private prelude(tool: string): string {
    const calls = quote(this.callsDir);
    return `#!/bin/sh
calls=${calls}
n=$(ls "$calls" | wc -l | tr -d ' ')
mkdir "$calls/$n"
printf '%s\\0' ${quote(tool)} "$@" > "$calls/$n/argv"
for a in "$@"; do if [ "$a" = "--file" ]; then cat > "$calls/$n/stdin"; break; fi; done
for a in "$@"; do
  case "$a" in
    *'#file='*)
      k=\${a%%#file=*}; f=\${a#*#file=}
      mkdir -p "$calls/$n/files"
      cp "$f" "$calls/$n/files/$k"
      printf '%s %s' "$(stat -c %a "$(dirname "$f")")" "$(stat -c %a "$f")" > "$calls/$n/files/$k.mode"
      ;;
  esac
done
args="$*"
`;
  }

  /** Answers for `tool`, tried in order; the fallback prints nothing and exits 0. */
  respond(tool: string, answers: CannedAnswer | readonly CannedAnswer[]): void {
    const list = Array.isArray(answers) ? (answers as readonly CannedAnswer[]) : [answers as CannedAnswer];
    let body = this.prelude(tool);
    for (const answer of list) {
      const id = `${tool}.${this.counter++}`;
      const out = join(this.answersDir, `${id}.out`);
      const err = join(this.answersDir, `${id}.err`);
      writeFileSync(out, answer.stdout ?? "");
      writeFileSync(err, answer.stderr ?? "");
      const action = `cat ${quote(out)}; cat ${quote(err)} >&2; exit ${answer.code ?? 0}`;
      body += answer.argv === undefined ? `${action}\n` : `if [ "$args" = ${quote(answer.argv.join(" "))} ]; then ${action}; fi\n`;
    }
    body += "exit 0\n";
    this.script(tool, body, true);
  }

  /** Replaces `tool` with a custom script; the recording prelude is kept unless `raw`. */
  script(tool: string, body: string, raw = false): void {
    const file = join(this.bin, tool);
    writeFileSync(file, raw ? body : this.prelude(tool) + body);
    chmodSync(file, 0o755);
  }

  /**
   * Makes state-get / state-set / state-delete behave like Juju's controller state, persisted
   * in `file` (JSON) so separate processes and dispatches share it. `""` values delete keys.
   */
  persistentState(file: string): void {
    const js = join(this.root, "state-tool.cjs");
    writeFileSync(
      js,
      `const fs = require("fs");
const file = ${JSON.stringify(file)};
const [op, arg] = process.argv.slice(2);
const state = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
if (op === "set") { for (const [k, v] of Object.entries(JSON.parse(fs.readFileSync(arg, "utf8")))) { if (v === "") delete state[k]; else state[k] = v; } }
if (op === "delete") delete state[arg];
fs.writeFileSync(file, JSON.stringify(state));
`,
    );
    // Reading needs no JSON work, so it stays a plain sh script (fast); writes merge with node.
    this.script("state-get", `if [ -f ${quote(file)} ]; then cat ${quote(file)}; else printf '{}'; fi\n`);
    this.script("state-set", `exec node ${quote(js)} set "$calls/$n/stdin"\n`);
    this.script("state-delete", `exec node ${quote(js)} delete "$1"\n`);
  }

  /** Every call so far, in order. */
  calls(): RecordedCall[] {
    const dirs = readdirSync(this.callsDir).map(Number).sort((a, b) => a - b);
    return dirs.map((n) => {
      const dir = join(this.callsDir, String(n));
      const parts = readFileSync(join(dir, "argv"), "utf8").split("\0");
      parts.pop();
      const stdinPath = join(dir, "stdin");
      const files: Record<string, string> = {};
      const fileModes: Record<string, string> = {};
      const filesDir = join(dir, "files");
      if (existsSync(filesDir)) {
        for (const name of readdirSync(filesDir)) {
          if (name.endsWith(".mode")) fileModes[name.slice(0, -5)] = readFileSync(join(filesDir, name), "utf8");
          else files[name] = readFileSync(join(filesDir, name), "utf8");
        }
      }
      return {
        tool: parts[0] ?? "",
        argv: parts.slice(1),
        ...(existsSync(stdinPath) ? { stdin: readFileSync(stdinPath, "utf8") } : {}),
        files,
        fileModes,
      };
    });
  }

  /** Forgets recorded calls (answers stay). */
  clearCalls(): void {
    rmSync(this.callsDir, { recursive: true, force: true });
    mkdirSync(this.callsDir);
  }

  /** Back to the fallback answer (empty stdout, exit 0) for every tool. */
  resetAnswers(): void {
    for (const tool of ALL_TOOLS) this.respond(tool, []);
  }

  /** Removes everything. */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * The fake tools of one test file and a hook-tool backend that runs them: made when the file
 * loads, reset (calls and answers) before each test, removed after the file's tests.
 */
export function fakeToolStand(): { readonly fake: FakeTools; readonly backend: HookToolBackend } {
  const fake = new FakeTools();
  const backend = new HookToolBackend(createProcessRunner({ env: { ...process.env, PATH: fake.path() } }));
  afterAll(() => fake.dispose());
  beforeEach(() => {
    fake.clearCalls();
    fake.resetAnswers();
  });
  return { fake, backend };
}
