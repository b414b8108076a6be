/**
 * The harness runs the fake Juju of the context's version: a tool that version lacks fails as
 * on a real agent (HookToolNotFoundError, as lib/ops' process runner throws for a missing
 * executable) and the run's `absentToolCalls` name it (docs/juju-behaviour.md).
 */
import * as ops from "../../../lib/ops/index.js";
import { JUJU_VERSION_MATRIX, relation, state } from "../../../lib/testing/index.js";
import { fnContext } from "./harness-fixture.js";

describe.each([
  [JUJU_VERSION_MATRIX["3.4"], false],
  [JUJU_VERSION_MATRIX["3.6.1"], false],
  [JUJU_VERSION_MATRIX["3.6"], true],
  [JUJU_VERSION_MATRIX["4.0"], true],
])("Context on Juju %s", (jujuVersion, hasRelationModelGet) => {
  test(hasRelationModelGet ? "serves relation-model-get" : "has no relation-model-get: not found, recorded", async () => {
    const db = relation({ endpoint: "database", remoteApp: "postgresql" });
    let thrown: unknown;
    let uuid: string | undefined;
    const ctx = fnContext((_context, backend) => {
      try {
        uuid = backend.relationModelGet({ endpoint: "database", id: db.id }).uuid;
      } catch (e) {
        thrown = e;
      }
    }, { jujuVersion });
    await ctx.run(ctx.on.relationChanged(db), state({ relations: [db] }));
    expect(ctx.error).toBeUndefined();
    if (hasRelationModelGet) {
      expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(ctx.absentToolCalls).toEqual([]);
    } else {
      expect(thrown).toBeInstanceOf(ops.HookToolNotFoundError);
      expect(ctx.absentToolCalls).toEqual([{ cmd: "relation-model-get", jujuVersion, hook: "database-relation-changed" }]);
    }
  });

  test("a tool the version has is never recorded as absent", async () => {
    const ctx = fnContext((_context, backend) => {
      backend.isLeader();
    }, { jujuVersion });
    await ctx.run(ctx.on.updateStatus(), state());
    expect(ctx.error).toBeUndefined();
    expect(ctx.toolCalls.map((c) => c.cmd)).toContain("is-leader");
    expect(ctx.absentToolCalls).toEqual([]);
  });
});
