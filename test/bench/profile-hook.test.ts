/**
 * `npm run bench -- --profile HOOK` edits the generated dispatch to start the hook under Node's
 * CPU profiler. It matched the start line by its Node flags, so the first flag added to every
 * dispatch line (`--no-sparkplug`) made it fail; this pins the edit to the dispatch as generated.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { withCpuProfile } from "../../bench/profile-hook.js";
import { dispatchScript } from "../../lib/cli/build-charm-files.js";

describe("withCpuProfile", () => {
  it("profiles the hook's start from the snapshot of the generated dispatch, and nothing else", () => {
    const generated = dispatchScript();
    const profiled = withCpuProfile(generated, "/tmp/profiles here");
    const changed = profiled.split("\n").filter((line, i) => line !== generated.split("\n")[i]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('--no-sparkplug $REHASH --cpu-prof --cpu-prof-interval 50 --cpu-prof-dir /tmp/profiles here --snapshot-blob "$SNAPSHOT" build/charm.js');
    // The line that makes the snapshot, and the plain start, stay as they were.
    expect(profiled.match(/--cpu-prof /g)).toHaveLength(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "profile-dispatch-"));
    try {
      fs.writeFileSync(path.join(dir, "dispatch"), profiled);
      expect(spawnSync("sh", ["-n", path.join(dir, "dispatch")]).status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a dispatch that does not start hooks from a snapshot", () => {
    expect(() => withCpuProfile(dispatchScript("build/charm.js", { startupSnapshot: false }), "/tmp/p")).toThrow("no single start from a snapshot");
  });
});
