import { groupOfField, parseSecretLabel, secretIdentity, secretLabel } from "../../lib/interfaces/database/secret-groups.js";
import { helperSecretLabel } from "../../lib/requires/request.js";
import { groupsToRead, requirerView } from "../../lib/interfaces/database/resolved-view.js";
import { contentDigest, isNewContent, rotationEventOf } from "../../lib/requires/memory.js";
import { decodeResponse, isCreated, parseTlsFlag } from "../../lib/requires/response.js";
import { chooseAlias } from "../../lib/requires/request.js";
import { AliasExhaustedError, ProviderDataError } from "../../lib/requires/errors.js";
import { DEFAULT_REQUESTED_SECRETS } from "../../lib/interfaces/database/secret-groups.js";
import { parseStatuses } from "../../lib/requires/provider-answer.js";

describe("secret groups and labels", () => {
  test("S-01 group mapping, unknown fields go to extra", () => {
    expect(["username", "password", "uris", "read-only-uris"].map(groupOfField)).toEqual(["user", "user", "user", "user"]);
    expect(["tls", "tls-ca", "entity-name", "entity-password", "mtls-cert", "topic"].map(groupOfField)).toEqual([
      "tls",
      "tls",
      "entity",
      "entity",
      "mtls",
      "extra",
    ]);
  });

  test("S-02/V-04 labels and their parsing", () => {
    expect(secretLabel("database", 7, "user")).toBe("database.7.user.secret");
    expect(secretLabel("database", 0, "tls", "fdfba30a8ab86fb9")).toBe("database.0.fdfba30a8ab86fb9.tls.secret");
    expect(parseSecretLabel("postgresql.12.tls.secret")).toEqual({ endpoint: "postgresql", relationId: 12, group: "tls" });
    expect(parseSecretLabel("database.0.fdfba30a8ab86fb9.user.secret")).toEqual({ endpoint: "database", relationId: 0, group: "user", requestId: "fdfba30a8ab86fb9" });
    expect(parseSecretLabel("bfbb8095-0-requested-entity")).toBeUndefined();
    expect(parseSecretLabel("database.x.user.secret")).toBeUndefined();
    expect(parseSecretLabel("database.1.bogus.secret")).toBeUndefined();
  });

  test("S-07 helper label and both URI forms", () => {
    expect(helperSecretLabel("bfbb8095", 0)).toBe("bfbb8095-0-requested-entity");
    expect(secretIdentity("secret://uuid/d0mvo2fmp25c77a4r6s0")).toBe(secretIdentity("secret:d0mvo2fmp25c77a4r6s0"));
  });
});

describe("field resolution", () => {
  const bag = { "secret-user": "secret:u", endpoints: "h:1", data: "{}", database: "db", password: "stale" };
  test("S-04 secret content first, databag fallback per field", () => {
    const view = requirerView(bag, { user: { username: "u", password: "p" } }, DEFAULT_REQUESTED_SECRETS);
    expect(view).toMatchObject({ username: "u", password: "p", endpoints: "h:1", database: "db" });
    expect(view["secret-user"]).toBeUndefined();
    const fallback = requirerView(bag, {}, DEFAULT_REQUESTED_SECRETS);
    expect(fallback["password"]).toBe("stale");
  });
  test("R-04 the full view keeps data unless asked not to", () => {
    expect(requirerView(bag, {}, DEFAULT_REQUESTED_SECRETS)["data"]).toBe("{}");
    expect(requirerView(bag, {}, DEFAULT_REQUESTED_SECRETS, false)["data"]).toBeUndefined();
  });
  test("only published groups with requested fields are read", () => {
    expect(groupsToRead({ "secret-user": "a", "secret-tls": "b", "secret-mtls": "c" }, DEFAULT_REQUESTED_SECRETS)).toEqual(["user", "tls"]);
    expect(groupsToRead({ "secret-extra": "a" }, DEFAULT_REQUESTED_SECRETS)).toEqual([]);
    expect(groupsToRead({ "secret-extra": "a" }, [...DEFAULT_REQUESTED_SECRETS, "topic-key"])).toEqual(["extra"]);
  });
});

describe("response decoding", () => {
  test("P-10/P-11/P-12/E-14 typed response", () => {
    const r = decodeResponse(
      { database: "actual", endpoints: "mysql-primary.svc.cluster.local.:3306,b:3306", tls: "True", "topic-key": "x", username: "u", password: "p" },
      "database:1",
    );
    expect(r.database).toBe("actual");
    expect(r.endpoints).toEqual(["mysql-primary.svc.cluster.local.:3306", "b:3306"]);
    expect(r.prefixDatabases).toEqual([]);
    expect(r.tls).toBe(true);
    expect(r.extra).toEqual({ "topic-key": "x" });
    expect(Object.isFrozen(r)).toBe(true);
    expect(parseTlsFlag("false", "d:1")).toBe(false);
    expect(() => parseTlsFlag("yes", "d:1")).toThrow(ProviderDataError);
  });
  test("R-01 created rule", () => {
    expect(isCreated({ username: "u", password: "p" })).toBe(true);
    expect(isCreated({ username: "u" })).toBe(false);
    expect(isCreated({ "entity-name": "g" })).toBe(true);
  });
  test("T-01 status parsed as a JSON array of {code, message, resolution}; compact and spaced JSON alike (P-08)", () => {
    expect(parseStatuses('[{"code":4001,"message":"m","resolution":"r"}]', "d:1")).toEqual([{ code: 4001, message: "m", resolution: "r" }]);
    expect(parseStatuses('[{"code": 5001, "message": "x", "resolution": "y"}]', "d:1")[0]?.code).toBe(5001);
    expect(() => parseStatuses('[{"code": "high"}]', "d:1")).toThrow(/relation d:1, provider field "status"/);
  });
});

describe("rotation decisions", () => {
  test("S-05 new content is news once; key order does not matter", () => {
    const d1 = contentDigest({ username: "u", password: "p1" });
    expect(contentDigest({ password: "p1", username: "u" })).toBe(d1);
    expect(isNewContent(undefined, d1)).toBe(true);
    expect(isNewContent(d1, d1)).toBe(false);
    expect(isNewContent(d1, contentDigest({ username: "u", password: "p2" }))).toBe(true);
    expect(d1).not.toContain("p1");
    expect(rotationEventOf("user")).toBe("credentialsRotated");
    expect(rotationEventOf("tls")).toBe("tlsChanged");
    expect(rotationEventOf("mtls")).toBeUndefined();
  });
});

describe("aliases", () => {
  test("A-02 first unused alias; an assigned alias is kept", () => {
    expect(chooseAlias("database", ["cluster1", "cluster2"], undefined, [])).toBe("cluster1");
    expect(chooseAlias("database", ["cluster1", "cluster2"], undefined, ["cluster1"])).toBe("cluster2");
    expect(chooseAlias("database", ["cluster1", "cluster2"], "cluster2", ["cluster1"])).toBe("cluster2");
    expect(chooseAlias("database", [], undefined, [])).toBeUndefined();
  });
  test("A-04 exhaustion is a clear error", () => {
    expect(() => chooseAlias("mongos", ["a"], undefined, ["a"])).toThrow(AliasExhaustedError);
    expect(() => chooseAlias("mongos", ["a"], undefined, ["a"])).toThrow(/mongos/);
  });
});
