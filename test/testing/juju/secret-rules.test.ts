/**
 * Secrets as Juju does them, on every version of the matrix that has secrets
 * (docs/juju-behaviour.md, "Secrets"): revision tracking, --refresh and --peek, consumer label
 * uniqueness, removed secrets, grants that end with their relation, and when a queued
 * secret-changed still runs.
 */
import {
  findRelation,
  findSecret,
  HookToolServer,
  JUJU_VERSION_MATRIX,
  JUJU_VERSIONS,
  hasHookTool,
  type HookSpec,
  type ModelState,
} from "../../../lib/testing/index.js";
import { consumerLabelTakenMessage, ownersTrack, secretChangedStillDue } from "../../../lib/testing/juju/secret-rules.js";
import { webappModel } from "./model-fixture.js";

const START: HookSpec = { kind: "hook", name: "start" };
const WITH_SECRETS = JUJU_VERSIONS.filter((v) => hasHookTool(v, "secret-get"));

function inHook<T>(model: ModelState, unit: string, fn: (s: HookToolServer) => T): T {
  const s = new HookToolServer(model, unit, START);
  const out = fn(s);
  s.commit();
  return out;
}

function ok(s: HookToolServer, cmd: string, ...argv: string[]): string {
  const r = s.run(cmd, argv);
  if (r.code !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed (${r.code}): ${r.stderr}`);
  return r.stdout.trim();
}

/** postgresql/0 adds an app secret (password=one) granted over relation 0. */
function grantedSecret(model: ModelState, label = "db-password"): string {
  return inHook(model, "postgresql/0", (s) => {
    const uri = ok(s, "secret-add", "--label", label, "password=one");
    ok(s, "secret-grant", "--relation", "0", uri);
    return uri;
  });
}

function setPassword(model: ModelState, uri: string, value: string): void {
  inHook(model, "postgresql/0", (s) => ok(s, "secret-set", uri, `password=${value}`));
}

const read = (model: ModelState, uri: string, ...flags: string[]): string => inHook(model, "webapp/0", (s) => ok(s, "secret-get", uri, "password", ...flags));

test("the matrix has secrets on every version but 2.9", () => {
  expect(WITH_SECRETS).toEqual(JUJU_VERSIONS.filter((v) => v !== JUJU_VERSION_MATRIX["2.9"]));
});

describe.each(WITH_SECRETS)("secrets on Juju %s", (version) => {
  test("a consumer's first read tracks the latest revision; plain reads stay on it; --peek reads latest without tracking; --refresh moves", () => {
    const model = webappModel(version);
    const uri = grantedSecret(model);
    setPassword(model, uri, "two");
    expect(read(model, uri)).toBe("two");
    expect(findSecret(model, uri)?.consumers["webapp/0"]?.trackedRevision).toBe(2);
    setPassword(model, uri, "three");
    expect(read(model, uri)).toBe("two");
    expect(read(model, uri, "--peek")).toBe("three");
    expect(findSecret(model, uri)?.consumers["webapp/0"]?.trackedRevision).toBe(2);
    expect(read(model, uri, "--refresh")).toBe("three");
    expect(findSecret(model, uri)?.consumers["webapp/0"]?.trackedRevision).toBe(3);
    expect(read(model, uri)).toBe("three");
  });

  test("--peek and --refresh together are refused", () => {
    const model = webappModel(version);
    const uri = grantedSecret(model);
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("secret-get", [uri, "--peek", "--refresh"])).toMatchObject({ code: 2 });
  });

  test("secret-changed: due for a consumer behind the latest; after --refresh it still runs on 3.x, not on 4.0", () => {
    const model = webappModel(version);
    const uri = grantedSecret(model);
    expect(read(model, uri)).toBe("one");
    expect(secretChangedStillDue(model, "webapp/1", uri)).toBe(false); // never read it: no consumer record
    setPassword(model, uri, "two");
    expect(secretChangedStillDue(model, "webapp/0", uri)).toBe(true);
    expect(read(model, uri, "--refresh")).toBe("two");
    expect(secretChangedStillDue(model, "webapp/0", uri)).toBe(version !== JUJU_VERSION_MATRIX["4.0"]);
  });

  test("a consumer label is unique per consumer unit: a second secret with the same label fails with Juju's text", () => {
    const model = webappModel(version);
    const first = grantedSecret(model, "a");
    const second = grantedSecret(model, "b");
    inHook(model, "webapp/0", (s) => ok(s, "secret-get", first, "--label", "creds"));
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("secret-get", [second, "--label", "creds"])).toEqual({ code: 1, stdout: "", stderr: `ERROR ${consumerLabelTakenMessage(version, "creds", "webapp/0")}\n` });
    // Another unit may use the same label for its own reading.
    expect(inHook(model, "webapp/1", (u) => ok(u, "secret-get", second, "password", "--label", "creds"))).toBe("one");
  });

  test("a removed secret: reads by URI and by label fail as not found", () => {
    const model = webappModel(version);
    const uri = grantedSecret(model);
    inHook(model, "webapp/0", (s) => ok(s, "secret-get", uri, "--label", "creds"));
    inHook(model, "postgresql/0", (s) => ok(s, "secret-remove", uri));
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("secret-get", [uri])).toEqual({ code: 1, stdout: "", stderr: `ERROR secret "${uri}" not found\n` });
    expect(s.run("secret-get", ["--label", "creds"])).toEqual({ code: 1, stdout: "", stderr: 'ERROR secret "creds" not found\n' });
  });

  test("a grant made with a relation ends when the relation goes", () => {
    const model = webappModel(version);
    const uri = grantedSecret(model);
    expect(read(model, uri)).toBe("one");
    model.relations = model.relations.filter((r) => r.id !== 0);
    expect(findRelation(model, 0)).toBeUndefined();
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("secret-get", [uri])).toEqual({ code: 1, stdout: "", stderr: "ERROR permission denied\n" });
  });

  test("owners track revisions from 3.1.7 (3.1 line) and 3.3.1 on; before, they always read the latest", () => {
    const model = webappModel(version);
    const uri = inHook(model, "postgresql/0", (s) => ok(s, "secret-add", "password=one"));
    expect(inHook(model, "postgresql/0", (s) => ok(s, "secret-get", uri, "password"))).toBe("one");
    setPassword(model, uri, "two");
    expect(inHook(model, "postgresql/0", (s) => ok(s, "secret-get", uri, "password"))).toBe(ownersTrack(version) ? "one" : "two");
  });
});

test("owner tracking starts exactly at 3.1.7 on the 3.1 line and 3.3.1 after it", () => {
  expect(["3.1.6", "3.1.7", "3.2.4", "3.3.0", "3.3.1", "3.6.14", "4.0.0"].map(ownersTrack)).toEqual([false, true, false, false, true, true, true]);
});
