import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSim } from "../../../lib/cli/index.js";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");

describe("sim --juju-version", () => {
  let modelDir: string;
  let err = "";
  const io = { stdout: (): void => undefined, stderr: (t: string): void => void (err += t) };
  beforeAll(() => {
    modelDir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-cli-version-"));
  });
  afterAll(() => fs.rmSync(modelDir, { recursive: true, force: true }));

  test("sets a new model's version, which later calls keep and may not change", async () => {
    expect(await runSim(["--model-dir", modelDir, "--juju-version", "2.9.51", "deploy", path.join(FIXTURES, "shell-app")], io)).toBe(0);
    const model = JSON.parse(fs.readFileSync(path.join(modelDir, "model.json"), "utf8")) as { jujuVersion: string };
    expect(model.jujuVersion).toBe("2.9.51");
    expect(await runSim(["--model-dir", modelDir, "status"], io)).toBe(0);
    err = "";
    expect(await runSim(["--model-dir", modelDir, "--juju-version=4.0.0", "status"], io)).toBe(1);
    expect(err).toContain("runs Juju 2.9.51, not 4.0.0");
  });

  test("needs a value", async () => {
    expect(await runSim(["--model-dir", modelDir, "--juju-version=", "status"], io)).toBe(2);
  });
});
