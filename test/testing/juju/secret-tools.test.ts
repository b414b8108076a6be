import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expiryTime } from "../../../lib/testing/juju/tools/secret-content.js";
import { findSecret, HookToolServer, type HookSpec, type ModelState } from "../../../lib/testing/index.js";
import { jsonOf, toolOf, webappModel } from "./model-fixture.js";

const START: HookSpec = { kind: "hook", name: "start" };

/** Runs `fn` in a hook of `unit` and commits it. */
function inHook<T>(model: ModelState, unit: string, fn: (s: HookToolServer) => T, hook: HookSpec = START): T {
  const s = new HookToolServer(model, unit, hook);
  const out = fn(s);
  s.commit();
  return out;
}

/** postgresql/0 (leader) adds an app-owned secret and optionally grants it over database:0. */
function providerSecret(model: ModelState, grant = true): string {
  return inHook(model, "postgresql/0", (s) => {
    const add = s.run("secret-add", ["--label", "db-password", "password=one"]);
    expect(add.code).toBe(0);
    const uri = add.stdout.trim();
    if (grant) expect(s.run("secret-grant", ["--relation", "0", uri]).code).toBe(0);
    return uri;
  });
}

function newRevision(model: ModelState, uri: string, value: string): void {
  inHook(model, "postgresql/0", (s) => expect(s.run("secret-set", [uri, `password=${value}`]).code).toBe(0));
}

describe("secret-add", () => {
  test("prints secret:<20 lowercase alnum> and accepts key=value, key#file= and key#base64=", () => {
    const model = webappModel();
    const dir = mkdtempSync(join(tmpdir(), "fake-juju-"));
    writeFileSync(join(dir, "cert"), "PEM DATA");
    const uri = inHook(model, "webapp/1", (s) => {
      const r = s.run("secret-add", ["--owner", "unit", "user=u1", `cert#file=${join(dir, "cert")}`, `token#base64=${Buffer.from("tok").toString("base64")}`]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^secret:[0-9a-z]{20}\n$/);
      return r.stdout.trim();
    });
    expect(findSecret(model, uri)?.revisions[0]?.content).toEqual({ user: "u1", cert: "PEM DATA", token: "tok" });
    expect(findSecret(model, uri)).toMatchObject({ ownerKind: "unit", owner: "webapp/1" });
  });

  test("--file takes a YAML map; metadata flags are stored", () => {
    const model = webappModel();
    const uri = inHook(model, "webapp/0", (s) =>
      s.run("secret-add", ["--file", "-", "--description", "d", "--rotate", "daily", "--expire", "24h"], "alpha: a\nbeta: b\n").stdout.trim(),
    );
    expect(findSecret(model, uri)).toMatchObject({ ownerKind: "application", owner: "webapp", description: "d", rotate: "daily" });
    expect(findSecret(model, uri)?.expire).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test("app-owned secrets need leadership; content and keys are checked", () => {
    const s = new HookToolServer(webappModel(), "webapp/1", START);
    expect(s.run("secret-add", ["password=x"])).toEqual({ code: 1, stdout: "", stderr: "ERROR this unit is not the leader\n" });
    expect(s.run("secret-add", ["--owner", "unit"])).toEqual({ code: 2, stdout: "", stderr: "ERROR missing secret value or filename\n" });
    expect(s.run("secret-add", ["--owner", "unit", "Bad_Key=v"]).stderr).toBe('ERROR key "Bad_Key" not valid\n');
    expect(s.run("secret-add", ["--owner", "unit", "--rotate", "sometimes", "abc=v"]).code).toBe(2);
  });

  test("error texts never carry secret values", () => {
    const s = new HookToolServer(webappModel(), "webapp/1", START);
    const r = s.run("secret-add", ["--owner", "unit", "ok=hunter2", "x=y"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("hunter2");
  });
});

test("--expire takes RFC 3339 times, zone-less times (UTC) and Go durations", () => {
  const now = new Date("2025-01-01T00:00:00Z");
  expect(expiryTime("2025-06-01T12:00:00Z", now)).toBe("2025-06-01T12:00:00Z");
  expect(expiryTime("2025-06-01T12:00:00+02:00", now)).toBe("2025-06-01T10:00:00Z");
  expect(expiryTime("2025-06-01T12:00:00", now)).toBe("2025-06-01T12:00:00Z");
  expect(expiryTime("1h30m", now)).toBe("2025-01-01T01:30:00Z");
  expect(() => expiryTime("tomorrow", now)).toThrow("expected an RFC 3339 time or a duration");
  const s = new HookToolServer(webappModel(), "webapp/0", START);
  expect(s.run("secret-add", ["--expire", "soon", "abc=x"])).toMatchObject({ code: 2 });
});

describe("secret-get", () => {
  test("before a grant the consumer gets permission denied; an unknown secret is not found", () => {
    const model = webappModel();
    const uri = providerSecret(model, false);
    const tool = toolOf(new HookToolServer(model, "webapp/0", START));
    expect(tool("secret-get", "--format=json", uri)).toEqual({ code: 1, stdout: "", stderr: "ERROR permission denied\n" });
    expect(tool("secret-get", "--format=json", "secret:aaaaaaaaaaaaaaaaaaaa")).toEqual({
      code: 1,
      stdout: "",
      stderr: 'ERROR secret "secret:aaaaaaaaaaaaaaaaaaaa" not found\n',
    });
  });

  test("a grant takes effect only when the owner's hook commits", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "postgresql/0", START);
    const uri = s.run("secret-add", ["password=one"]).stdout.trim();
    s.run("secret-grant", ["-r", "0", uri]);
    expect(new HookToolServer(model, "webapp/0", START).run("secret-get", [uri]).code).toBe(1);
    s.commit();
    expect(jsonOf(new HookToolServer(model, "webapp/0", START))("secret-get", "--format=json", uri)).toEqual({ password: "one" });
  });

  test("a consumer tracks the revision it first read; --peek shows the latest, --refresh moves tracking", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    expect(inHook(model, "webapp/0", (s) => jsonOf(s)("secret-get", "--format=json", uri))).toEqual({ password: "one" });
    newRevision(model, uri, "two");
    inHook(model, "webapp/0", (s) => {
      const json = jsonOf(s);
      expect(json("secret-get", "--format=json", uri)).toEqual({ password: "one" });
      expect(json("secret-get", "--format=json", uri, "--peek")).toEqual({ password: "two" });
      expect(json("secret-get", "--format=json", uri)).toEqual({ password: "one" });
      expect(json("secret-get", "--format=json", uri, "--refresh")).toEqual({ password: "two" });
      expect(json("secret-get", "--format=json", uri)).toEqual({ password: "two" });
    });
    expect(findSecret(model, uri)?.consumers["webapp/0"]?.trackedRevision).toBe(2);
    // webapp/1 never read it: its first read fixes tracking at the latest revision.
    expect(inHook(model, "webapp/1", (s) => jsonOf(s)("secret-get", "--format=json", uri))).toEqual({ password: "two" });
  });

  test.each(["3.1.6", "3.2.4", "3.3.0"])("an owner's --refresh is refused before owners tracked revisions (%s); --peek and plain reads are not", (version) => {
    const old = webappModel(version);
    const uri = providerSecret(old);
    newRevision(old, uri, "two");
    const tool = toolOf(new HookToolServer(old, "postgresql/0", START));
    expect(tool("secret-get", uri, "--refresh")).toEqual({ code: 1, stdout: "", stderr: "ERROR secret owner cannot use --refresh\n" });
    expect(tool("secret-get", "--label", "db-password", "--refresh").stderr).toBe("ERROR secret owner cannot use --refresh\n");
    const json = jsonOf(new HookToolServer(old, "postgresql/0", START));
    expect(json("secret-get", "--format=json", uri)).toEqual({ password: "two" });
    expect(json("secret-get", "--format=json", uri, "--peek")).toEqual({ password: "two" });
    // Observers may still refresh on that version.
    expect(inHook(old, "webapp/0", (s) => jsonOf(s)("secret-get", "--format=json", uri, "--refresh"))).toEqual({ password: "two" });
  });

  test("from 3.1.7 (3.1 series) and 3.3.1 an owner's --refresh moves its tracking", () => {
    for (const version of ["3.1.7", "3.1.8", "3.3.1", "3.6.14"]) {
      const model = webappModel(version);
      const id = providerSecret(model);
      newRevision(model, id, "two");
      expect(inHook(model, "postgresql/0", (s) => jsonOf(s)("secret-get", "--format=json", id, "--refresh"))).toEqual({ password: "two" });
      expect(findSecret(model, id)?.consumers["postgresql/0"]?.trackedRevision).toBe(2);
    }
  });

  test("--peek and --refresh together, or neither uri nor label, fail with exit code 2", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    const tool = toolOf(new HookToolServer(model, "webapp/0", START));
    expect(tool("secret-get", uri, "--peek", "--refresh").code).toBe(2);
    expect(tool("secret-get")).toEqual({ code: 2, stdout: "", stderr: "ERROR require either a secret URI or label\n" });
  });

  test("uri plus --label attaches a consumer label usable later; the owner label stays the owner's", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    inHook(model, "webapp/0", (s) => expect(s.run("secret-get", [uri, "--label", "pg"]).code).toBe(0));
    expect(inHook(model, "webapp/0", (s) => jsonOf(s)("secret-get", "--format=json", "--label", "pg"))).toEqual({ password: "one" });
    expect(new HookToolServer(model, "webapp/0", START).run("secret-get", ["--label", "db-password"]).stderr).toBe('ERROR secret "db-password" not found\n');
    expect(inHook(model, "postgresql/1", (s) => jsonOf(s)("secret-get", "--format=json", "--label", "db-password"))).toEqual({ password: "one" });
  });

  test("content created or updated earlier in the same hook is visible", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    inHook(model, "postgresql/0", (s) => {
      s.run("secret-set", [uri, "password=two"]);
      expect(jsonOf(s)("secret-get", "--format=json", uri, "--peek")).toEqual({ password: "two" });
    });
  });

  test("revoking removes access; so does the relation disappearing", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    inHook(model, "postgresql/0", (s) => expect(s.run("secret-revoke", ["--relation", "0", uri]).code).toBe(0));
    expect(new HookToolServer(model, "webapp/0", START).run("secret-get", [uri]).stderr).toBe("ERROR permission denied\n");
    const again = webappModel();
    const uri2 = providerSecret(again);
    again.relations = again.relations.filter((r) => r.id !== 0);
    expect(new HookToolServer(again, "webapp/0", START).run("secret-get", [uri2]).stderr).toBe("ERROR permission denied\n");
  });
});

describe("secret-get saves the consumer record and labels at once, as Juju's facade does", () => {
  test("a failed hook keeps the tracked revision and the consumer label it set; secret-set's queued label goes", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    // First read tracks revision 1 (and is committed).
    inHook(model, "webapp/0", (s) => expect(jsonOf(s)("secret-get", "--format=json", uri)).toEqual({ password: "one" }));
    newRevision(model, uri, "two");
    // The hook that refreshes and labels fails: nothing of it commits, but what secret-get saved stays.
    const failing = new HookToolServer(model, "webapp/0", START);
    expect(jsonOf(failing)("secret-get", "--format=json", uri, "--refresh", "--label", "db-pass")).toEqual({ password: "two" });
    expect(failing.secretsSavedNow).toEqual(new Set([findSecret(model, uri)?.id]));
    failing.discard();
    expect(findSecret(model, uri)?.consumers["webapp/0"]).toEqual({ trackedRevision: 2, label: "db-pass" });
    // The owner's label set through secret-set is queued: a failed hook drops it.
    const owner = new HookToolServer(model, "postgresql/0", START);
    expect(owner.run("secret-set", [uri, "--label", "renamed"]).code).toBe(0);
    owner.discard();
    expect(findSecret(model, uri)?.label).toBe("db-password");
    // The owner's label set through secret-get is saved at once.
    const relabel = new HookToolServer(model, "postgresql/0", START);
    expect(relabel.run("secret-get", ["--format=json", uri, "--label", "renamed"]).code).toBe(0);
    relabel.discard();
    expect(findSecret(model, uri)?.label).toBe("renamed");
  });

  test("a tracked revision the owner removed reads as not found; --refresh moves on to the latest", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    inHook(model, "webapp/0", (s) => expect(jsonOf(s)("secret-get", "--format=json", uri)).toEqual({ password: "one" }));
    newRevision(model, uri, "two");
    inHook(model, "postgresql/0", (s) => expect(s.run("secret-remove", [uri, "--revision", "1"]).code).toBe(0));
    const tool = toolOf(new HookToolServer(model, "webapp/0", START));
    expect(tool("secret-get", "--format=json", uri)).toEqual({ code: 1, stdout: "", stderr: `ERROR secret revision "${uri.slice(7)}/1" not found\n` });
    expect(JSON.parse(tool("secret-get", "--format=json", uri, "--refresh").stdout)).toEqual({ password: "two" });
  });

  test("a unit-owned secret cannot take a label its owner uses as a consumer label", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    inHook(model, "webapp/0", (s) => expect(s.run("secret-get", ["--format=json", uri, "--label", "db-pass"]).code).toBe(0));
    const own = inHook(model, "webapp/0", (s) => s.run("secret-add", ["--owner", "unit", "token=t"]).stdout.trim());
    const tool = toolOf(new HookToolServer(model, "webapp/0", START));
    expect(tool("secret-set", own, "--label", "db-pass")).toEqual({ code: 1, stdout: "", stderr: 'ERROR secret with label "db-pass" already exists\n' });
    expect(tool("secret-set", own, "--label", "my-token").code).toBe(0);
  });

  test("a first read with --peek still gives the unit a record tracking the latest revision", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    newRevision(model, uri, "two");
    const peek = new HookToolServer(model, "webapp/1", START);
    expect(jsonOf(peek)("secret-get", "--format=json", uri, "--peek")).toEqual({ password: "two" });
    peek.discard();
    expect(findSecret(model, uri)?.consumers["webapp/1"]).toEqual({ trackedRevision: 2 });
    // A plain read of a unit that has a record saves nothing.
    const plain = new HookToolServer(model, "webapp/1", START);
    expect(jsonOf(plain)("secret-get", "--format=json", uri)).toEqual({ password: "two" });
    expect(plain.secretsSavedNow.size).toBe(0);
    plain.discard();
  });
});

describe("secret-set", () => {
  test("content makes one new revision per hook; metadata alone makes none", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    inHook(model, "postgresql/0", (s) => {
      s.run("secret-set", [uri, "password=two"]);
      s.run("secret-set", [uri, "password=three"]);
    });
    expect(findSecret(model, uri)?.latestRevision).toBe(2);
    inHook(model, "postgresql/0", (s) => s.run("secret-set", [uri, "--description", "new"]));
    expect(findSecret(model, uri)).toMatchObject({ latestRevision: 2, description: "new" });
    expect(findSecret(model, uri)?.revisions.map((r) => r.content.password)).toEqual(["one", "three"]);
  });

  test("several secret-set calls on one secret in a hook: merged from 3.6 (and 3.5.5), the last one whole before", () => {
    for (const [version, merged] of [["3.4.6", false], ["3.5.4", false], ["3.5.5", true], ["3.6.0", true], ["4.0.0", true]] as const) {
      const model = webappModel(version);
      const uri = providerSecret(model);
      inHook(model, "postgresql/0", (s) => {
        s.run("secret-set", [uri, "password=two", "--description", "rotated"]);
        s.run("secret-set", [uri, "--label", "db-password-v2"]);
      });
      const secret = findSecret(model, uri);
      // The label of the last call arrives either way; the content and description of the first only when calls merge.
      expect([version, secret?.label, secret?.latestRevision, secret?.description]).toEqual([version, "db-password-v2", merged ? 2 : 1, merged ? "rotated" : undefined]);
    }
  });

  test("a secret created in the hook folds later secret-set calls into its creation on every version", () => {
    const model = webappModel("3.4.6");
    const uri = inHook(model, "postgresql/0", (s) => {
      const created = s.run("secret-add", ["password=one"]).stdout.trim();
      s.run("secret-set", [created, "password=two"]);
      s.run("secret-set", [created, "--description", "made here"]);
      return created;
    });
    expect(findSecret(model, uri)).toMatchObject({ latestRevision: 1, description: "made here" });
    expect(findSecret(model, uri)?.revisions.map((r) => r.content.password)).toEqual(["two"]);
  });

  test("identical content makes no revision from Juju 3.6", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    inHook(model, "postgresql/0", (s) => s.run("secret-set", [uri, "password=one"]));
    expect(findSecret(model, uri)?.latestRevision).toBe(1);
  });

  test("the metadata tools know only the secrets the unit manages: a non-leader not its app's, observers none", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    const bare = uri.slice("secret:".length);
    for (const unit of ["postgresql/1", "webapp/0"]) {
      expect(new HookToolServer(model, unit, START).run("secret-info-get", [uri])).toEqual({ code: 1, stdout: "", stderr: `ERROR secret "${bare}" not found\n` });
      expect(new HookToolServer(model, unit, START).run("secret-info-get", ["--label", "db-password"]).stderr).toBe('ERROR secret "db-password" not found\n');
    }
    const grant = new HookToolServer(model, "postgresql/1", { kind: "relation", event: "changed", relationId: 0, remoteUnit: "webapp/0" }).run("secret-grant", [uri]);
    expect(grant).toEqual({ code: 1, stdout: "", stderr: `ERROR secret "${bare}" not found\n` });
  });

  test("set, remove and revoke outside those are accepted at the call and refused when the hook commits", () => {
    const cases: [string, string, string[], string][] = [
      ["postgresql/1", "secret-set", ["password=x"], "updating secrets: permission denied"],
      ["webapp/0", "secret-set", ["password=x"], "updating secrets: permission denied"],
      ["webapp/0", "secret-remove", [], "removing secrets: permission denied"],
      ["postgresql/1", "secret-revoke", ["-r", "0"], "revoking secrets access: permission denied"],
    ];
    for (const [unit, tool, args, failure] of cases) {
      const model = webappModel();
      const uri = providerSecret(model);
      const before = structuredClone(findSecret(model, uri));
      const s = new HookToolServer(model, unit, START);
      expect(s.run(tool, [uri, ...args])).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(s.run("state-set", ["seen=yes"]).code).toBe(0);
      const report = s.commit();
      expect([tool, report.failure]).toEqual([tool, failure]);
      expect(findSecret(model, uri)).toEqual(before);
      // The unit state (like relation data and ports) is applied after the secrets, so not at all.
      expect(model.units[unit]?.state["seen"]).toBeUndefined();
    }
    const unknown = new HookToolServer(webappModel(), "webapp/0", START);
    expect(unknown.run("secret-set", ["secret:aaaaaaaaaaaaaaaaaaaa", "password=x"]).code).toBe(0);
    // st-3's GetSecret, behind the facade's updateSecret and removeSecrets: the URI as given.
    expect(unknown.commit().failure).toBe('updating secrets: secret "secret:aaaaaaaaaaaaaaaaaaaa" not found');
  });

  test("a refused step ends the commit: the steps before it stay applied, the ones after it do not", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    const own = inHook(model, "webapp/0", (s) => s.run("secret-add", ["--owner", "unit", "token=1"]).stdout.trim());
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("secret-remove", [own]).code).toBe(0);
    const created = s.run("secret-add", ["--owner", "unit", "token=2"]).stdout.trim();
    expect(s.run("secret-set", [uri, "password=x"]).code).toBe(0);
    expect(s.run("state-set", ["seen=yes"]).code).toBe(0);
    const report = s.commit();
    expect(report.failure).toBe("updating secrets: permission denied");
    expect(report.stateKeys).toEqual([]);
    expect(model.units["webapp/0"]?.state["seen"]).toBeUndefined();
    expect(report.secretsRemoved).toEqual([own]);
    expect(report.secretsAdded).toEqual([created]);
    expect(findSecret(model, own)).toBeUndefined();
    expect(findSecret(model, created)?.owner).toBe("webapp/0");
  });

  test("on 4.0 the unit's state and ports are written first and removals come last", () => {
    const model = webappModel("4.0.1");
    const uri = providerSecret(model);
    const own = inHook(model, "webapp/0", (s) => s.run("secret-add", ["--owner", "unit", "token=1"]).stdout.trim());
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("secret-remove", [own]).code).toBe(0);
    expect(s.run("secret-set", [uri, "password=x"]).code).toBe(0);
    expect(s.run("state-set", ["seen=yes"]).code).toBe(0);
    const report = s.commit();
    expect(report.failure).toBe("updating secrets: permission denied");
    expect(report.stateKeys).toEqual(["seen"]);
    expect(model.units["webapp/0"]?.state["seen"]).toBe("yes");
    expect(report.secretsRemoved).toEqual([]);
    expect(findSecret(model, own)?.owner).toBe("webapp/0");
  });

  test("a new secret's grants are a step of their own: a refused update leaves it created but not granted", () => {
    const model = webappModel();
    const theirs = providerSecret(model);
    const db = { kind: "relation", event: "changed", relationId: 0, remoteUnit: "postgresql/0" } as const;
    const s = new HookToolServer(model, "webapp/0", db);
    const created = s.run("secret-add", ["--owner", "unit", "token=2"]).stdout.trim();
    expect(s.run("secret-grant", [created]).code).toBe(0);
    expect(s.run("secret-set", [theirs, "password=x"]).code).toBe(0);
    expect(s.commit().failure).toBe("updating secrets: permission denied");
    expect(findSecret(model, created)?.grants).toEqual({});
    const granted = new HookToolServer(model, "webapp/0", db);
    const second = granted.run("secret-add", ["--owner", "unit", "token=3"]).stdout.trim();
    expect(granted.run("secret-grant", [second]).code).toBe(0);
    const report = granted.commit();
    expect(report.failure).toBeUndefined();
    expect(findSecret(model, second)?.grants).toEqual({ "0": ["postgresql"] });
    expect(report.grants).toEqual([{ id: second, relationId: 0, target: "postgresql", granted: true }]);
  });
});

describe("secret-info-get and secret-ids", () => {
  test("owners get info keyed by the bare id; others get not found", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    const bare = uri.slice("secret:".length);
    const info = jsonOf(new HookToolServer(model, "postgresql/0", START));
    expect(info("secret-info-get", "--format=json", uri)).toEqual({ [bare]: { revision: 1, label: "db-password", owner: "application" } });
    expect(info("secret-info-get", "--format=json", "--label", "db-password")).toEqual({ [bare]: { revision: 1, label: "db-password", owner: "application" } });
    const other = toolOf(new HookToolServer(model, "webapp/0", START));
    expect(other("secret-info-get", "--format=json", "--label", "db-password").stderr).toBe('ERROR secret "db-password" not found\n');
    expect(other("secret-info-get", "--format=json", uri, "--label", "x")).toEqual({
      code: 2,
      stdout: "",
      stderr: "ERROR specify either a secret URI or label but not both\n",
    });
  });

  test("secret-ids lists the secrets this unit manages, bare", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    expect(jsonOf(new HookToolServer(model, "postgresql/0", START))("secret-ids", "--format=json")).toEqual([uri.slice(7)]);
    expect(jsonOf(new HookToolServer(model, "postgresql/1", START))("secret-ids", "--format=json")).toEqual([]);
  });
});

describe("secret-grant, secret-revoke, secret-remove", () => {
  test("a unit grant must name a unit of the related application", () => {
    const model = webappModel();
    const uri = providerSecret(model, false);
    const tool = toolOf(new HookToolServer(model, "postgresql/0", START));
    expect(tool("secret-grant", "-r", "0", "--unit", "webapp/1", uri).code).toBe(0);
    expect(tool("secret-grant", "-r", "0", "--unit", "other/0", uri)).toEqual({ code: 2, stdout: "", stderr: 'ERROR cannot specify unit "other/0" in relation to application "webapp"\n' });
    // secret-grant has no --app flag (secret-grant.go SetFlags).
    expect(tool("secret-grant", "-r", "0", "--app", "webapp", uri).code).toBe(2);
    // Outside a relation hook -r is needed; in one it defaults to the hook's relation (secret-grant.go).
    expect(tool("secret-grant", uri)).toEqual({ code: 2, stdout: "", stderr: "ERROR no relation id specified\n" });
    const inRelationHook = new HookToolServer(model, "postgresql/0", { kind: "relation", event: "changed", relationId: 0, remoteUnit: "webapp/0" });
    expect(toolOf(inRelationHook)("secret-grant", uri).code).toBe(0);
    inRelationHook.commit();
    expect(findSecret(model, uri)?.grants["0"]).toEqual(["webapp"]);
    expect(tool("secret-grant", "-r", "5", uri).stderr).toBe('ERROR invalid value "5" for flag -r: relation not found\n');
  });

  test("a unit grant lets only that unit read", () => {
    const model = webappModel();
    const uri = providerSecret(model, false);
    inHook(model, "postgresql/0", (s) => s.run("secret-grant", ["-r", "0", "--unit", "webapp/1", uri]));
    expect(new HookToolServer(model, "webapp/1", START).run("secret-get", [uri]).code).toBe(0);
    expect(new HookToolServer(model, "webapp/0", START).run("secret-get", [uri]).code).toBe(1);
  });

  test("--revision removes one revision; without it the whole secret goes", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    newRevision(model, uri, "two");
    inHook(model, "postgresql/0", (s) => expect(s.run("secret-remove", [uri, "--revision", "1"]).code).toBe(0));
    expect(findSecret(model, uri)?.revisions.map((r) => r.revision)).toEqual([2]);
    inHook(model, "postgresql/0", (s) => s.run("secret-remove", [uri]));
    expect(findSecret(model, uri)).toBeUndefined();
  });

  test("a revision the secret does not have is queued; the controller refuses that secret's whole removal at commit, not the others'", () => {
    const model = webappModel();
    const uri = providerSecret(model);
    newRevision(model, uri, "two");
    newRevision(model, uri, "three");
    const other = inHook(model, "postgresql/0", (s) => s.run("secret-add", ["token=1"]).stdout.trim());
    const s = new HookToolServer(model, "postgresql/0", START);
    for (const args of [[uri, "--revision", "2"], [uri, "--revision", "9"], [other]]) expect(s.run("secret-remove", args)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(s.run("state-set", ["seen=yes"]).code).toBe(0);
    const report = s.commit();
    expect(report.failure).toBe(`removing secrets: revison 9 for secret "${uri}" not found`);
    // sec-common-3: every revision is read before any is deleted, secret by secret.
    expect(findSecret(model, uri)?.revisions.map((r) => r.revision)).toEqual([1, 2, 3]);
    expect(findSecret(model, other)).toBeUndefined();
    expect(model.units["postgresql/0"]?.state["seen"]).toBeUndefined();
    const longForm = `secret://${model.uuid}/${uri.slice("secret:".length)}`;
    const again = new HookToolServer(model, "postgresql/0", START);
    expect(again.run("secret-remove", [longForm, "--revision", "7"]).code).toBe(0);
    expect(again.commit().failure).toBe(`removing secrets: revison 7 for secret "${longForm}" not found`);
  });
});

test("secret tools do not exist before Juju 3.0.3", () => {
  const s = new HookToolServer(webappModel("3.0.2"), "webapp/0", START);
  expect(s.run("secret-add", ["--owner", "unit", "abc=x"])).toEqual({ code: 127, stdout: "", stderr: "secret-add: command not found\n" });
});
