/** The `charm-data-interfaces` command line: dispatch to `validate` and to the simulator's `sim`. */
import { runCommand, type CommandIo } from "../../lib/cli/index.js";

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '{"database": "myappdb"}',
    readFile: async () => "{}",
  };
  const code = await runCommand(argv, io);
  return { code, stdout, stderr };
}

test("validate is dispatched with its arguments", async () => {
  const out = await run("validate", "--side", "requirer", "--interface", "postgresql_client");
  expect(out.code).toBe(0);
  expect(out.stdout).toContain("interface postgresql_client (given by --interface)");
});

test("sim is dispatched to the simulator CLI", async () => {
  const out = await run("sim", "no-such-verb");
  expect(out.code).toBe(2);
  expect(out.stderr).toContain("usage: sim");
});

test("help prints the commands; a missing or unknown command is a usage error (exit 2)", async () => {
  expect((await run("help")).stdout).toContain("validate [FILE|-]");
  const missing = await run();
  expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("missing command")]);
  const unknown = await run("deploy");
  expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown command "deploy"')]);
});
