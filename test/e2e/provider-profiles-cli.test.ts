// `sim deploy … --profile NAME` (lib/cli/sim/run-sim.ts): sets the charm's `profile` option;
// a charm without one is a usage error; a name no profile has leaves the provider Blocked, naming
// the profiles it knows (examples/database-provider/src/charm.ts).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSim as runCli } from "../../lib/cli/index.js";
import { buildCharmDir } from "./charm-builds.js";
import { scaled } from "../support/time-scale.js";

const ROOT = path.join(__dirname, "..", "..");
let modelDir: string;
let provider: string;
let out = "";
let err = "";
const io = { stdout: (t: string): void => void (out += t), stderr: (t: string): void => void (err += t) };
const sim = async (...argv: string[]): Promise<number> => {
  out = "";
  err = "";
  return runCli(["--model-dir", modelDir, ...argv], io);
};

beforeAll(async () => {
  modelDir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-profile-cli-"));
  provider = await buildCharmDir(path.join(ROOT, "examples", "database-provider"));
}, scaled(60_000));
afterAll(() => {
  for (const dir of [modelDir, provider]) fs.rmSync(dir, { recursive: true, force: true });
});

test("--profile sets the profile option of the deployed provider", async () => {
  expect(await sim("deploy", provider, "pg", "--profile", "postgresql-16")).toBe(0);
  expect(await sim("config", "pg", "profile")).toBe(0);
  expect(out).toBe("postgresql-16\n");
}, scaled(60_000));

test("a profile no module defines blocks the provider with the list of known ones", async () => {
  expect(await sim("deploy", provider, "odd", "--profile", "postgresql-9")).toBe(0);
  expect(await sim("status", "--format", "json")).toBe(0);
  const status = JSON.parse(out) as { applications: Record<string, { units: Record<string, { "workload-status": { current: string; message?: string } }> }> };
  expect(status.applications["odd"]?.units["odd/0"]?.["workload-status"]).toEqual({
    current: "blocked",
    message: 'unknown profile "postgresql-9" (one of postgresql-14, postgresql-16, pgbouncer, mysql-8.0, mysql-8.4, mysql-router, mongodb, mongos)',
  });
}, scaled(60_000));

test("a charm without a profile option refuses --profile as a usage error", async () => {
  expect(await sim("deploy", path.join(ROOT, "test", "fixtures", "charms", "shell-db"), "db", "--profile", "mysql-8.0")).toBe(2);
  expect(err).toContain('charm "shell-db" has no "profile" option');
}, scaled(60_000));
