/**
 * Which hook tools exist on each Juju version of the matrix (docs/juju-behaviour.md, "Hook
 * tools"), and that a tool the version lacks behaves as on a real agent: not on PATH.
 */
import * as ops from "../../../lib/ops/index.js";
import {
  hasHookTool,
  HookToolServer,
  hookToolsOf,
  JUJU_VERSION_MATRIX,
  JUJU_VERSIONS,
  toolServerRunner,
  type HookSpec,
} from "../../../lib/testing/index.js";
import { webappModel } from "./model-fixture.js";

const V = JUJU_VERSION_MATRIX;
const CHANGED: HookSpec = { kind: "relation", event: "changed", relationId: 0, remoteUnit: "postgresql/0" };

/** Expected presence per tool and version, as the sources show it (one column per matrix entry, oldest first). */
const EXPECTED: Record<string, readonly boolean[]> = {
  //                      2.9    3.1    3.4    3.6.0  3.6.1  3.6    4.0
  "relation-model-get": [false, false, false, false, false, true, true],
  "secret-get": /*     */ [false, true, true, true, true, true, true],
  "secret-info-get": /**/ [false, true, true, true, true, true, true],
  "secret-grant": /*   */ [false, true, true, true, true, true, true],
  "state-get": /*      */ [true, true, true, true, true, true, true],
  "relation-get": /*   */ [true, true, true, true, true, true, true],
  "leader-get": /*     */ [true, true, true, true, true, true, false],
  "leader-set": /*     */ [true, true, true, true, true, true, false],
  "add-metric": /*     */ [true, true, true, true, true, true, false],
  "pod-spec-set": /*   */ [true, true, true, true, true, true, false],
  "is-leader": /*      */ [true, true, true, true, true, true, true],
};

describe("hook tools per Juju version", () => {
  test("the matrix covers 2.9, 3.1, 3.4, 3.6.0, 3.6.1, the latest 3.6 and 4.0", () => {
    expect(JUJU_VERSIONS).toEqual([V["2.9"], V["3.1"], V["3.4"], V["3.6.0"], V["3.6.1"], V["3.6"], V["4.0"]]);
  });

  test.each(Object.entries(EXPECTED))("%s exists exactly on the versions the sources show", (tool, expected) => {
    expect(JUJU_VERSIONS.map((v) => hasHookTool(v, tool))).toEqual(expected);
  });

  test("relation-model-get appears in 3.6.2 and no earlier patch release", () => {
    expect(hasHookTool("3.6.1", "relation-model-get")).toBe(false);
    expect(hasHookTool("3.6.2", "relation-model-get")).toBe(true);
    expect(hasHookTool("3.5.7", "relation-model-get")).toBe(false);
  });

  test("secrets start at 3.0.3 (ops has_secrets), unknown names never exist", () => {
    expect(hasHookTool("3.0.2", "secret-add")).toBe(false);
    expect(hasHookTool("3.0.3", "secret-add")).toBe(true);
    expect(hasHookTool("3.6.14", "leader-dance")).toBe(false);
  });

  test("4.0 drops the legacy leader settings and pod-spec tools but keeps the rest of 3.6", () => {
    const removed = hookToolsOf(V["3.6"]).filter((t) => !hookToolsOf(V["4.0"]).includes(t));
    expect(removed.sort()).toEqual(
      ["add-metric", "k8s-raw-get", "k8s-raw-set", "k8s-spec-get", "k8s-spec-set", "leader-get", "leader-set", "payload-register", "payload-status-set", "payload-unregister", "pod-spec-get", "pod-spec-set"].sort(),
    );
  });
});

const SECRET_TOOLS = ["secret-add", "secret-get", "secret-grant", "secret-ids", "secret-info-get", "secret-remove", "secret-revoke", "secret-set"];
const REMOVED_IN_40 = ["add-metric", "k8s-raw-get", "k8s-raw-set", "k8s-spec-get", "k8s-spec-set", "leader-get", "leader-set", "payload-register", "payload-status-set", "payload-unregister", "pod-spec-get", "pod-spec-set"];
/** Tools of the latest 3.6 that each version lacks. */
const ABSENT: readonly (readonly [string, readonly string[]])[] = [
  [V["2.9"], [...SECRET_TOOLS, "relation-model-get"]],
  [V["3.1"], ["relation-model-get"]],
  [V["3.4"], ["relation-model-get"]],
  [V["3.6.0"], ["relation-model-get"]],
  [V["3.6.1"], ["relation-model-get"]],
  [V["3.6"], []],
  [V["4.0"], REMOVED_IN_40],
];

describe.each(ABSENT)("an absent tool on Juju %s", (version, expectedAbsent) => {
  const absent = hookToolsOf(V["3.6"]).filter((t) => !hasHookTool(version, t));
  const present = implementedTools(version);

  test("the version lacks exactly these tools of the latest 3.6", () => {
    expect(absent.sort()).toEqual([...expectedAbsent].sort());
  });

  test("is not found: 127 from the session, HookToolNotFoundError through the runner, and recorded", () => {
    // A name no Juju has (juju-teleport) is absent everywhere, so every version is exercised.
    for (const tool of [...absent, "juju-teleport"]) {
      const session = new HookToolServer(webappModel(version), "webapp/0", CHANGED);
      expect(session.run(tool, ["-r", "0"])).toEqual({ code: 127, stdout: "", stderr: `${tool}: command not found\n` });
      expect(() => toolServerRunner(session).run(tool, ["-r", "0"])).toThrow(ops.HookToolNotFoundError);
      expect(session.absentToolCalls).toEqual([
        { cmd: tool, jujuVersion: version, hook: "database-relation-changed" },
        { cmd: tool, jujuVersion: version, hook: "database-relation-changed" },
      ]);
    }
  });

  test("a present tool is served and not recorded as absent", () => {
    const session = new HookToolServer(webappModel(version), "webapp/0", CHANGED);
    for (const tool of present) expect(session.run(tool, ["--help-is-not-a-flag"]).code).toBe(2);
    expect(session.calls).toHaveLength(present.length);
    expect(session.absentToolCalls).toEqual([]);
  });
});

/** Some tools of `version` the fake implements (present ones only). */
function implementedTools(version: string): string[] {
  return ["relation-get", "relation-ids", "is-leader", "state-get", "secret-get", "relation-model-get", "leader-get"].filter((t) => hasHookTool(version, t));
}
