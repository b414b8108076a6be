/** The shared copy of a pgsql request in the peer databag: exact bytes, round trip, refusals. */
import { decodePgsqlSharedRequest, encodePgsqlSharedRequest, pgsqlSharedRequestKey } from "../../lib/interfaces/index.js";
import { decodeSharedCopy, encodeSharedCopy, normalizeRequest, sharedCopyKey } from "../../lib/legacy/index.js";

describe("pgsql shared request copy", () => {
  test("the key names the endpoint and relation id", () => {
    expect(sharedCopyKey("db-admin", 9)).toBe("legacy-pgsql.db-admin.9");
    expect(pgsqlSharedRequestKey("db", 7)).toBe("legacy-pgsql.db.7");
  });

  test("writes compact JSON in database, roles, extensions order, leaving empty keys out", () => {
    const full = normalizeRequest({ database: "myappdb", roles: ["b", "a"], extensions: ["pg_trgm", "citext:public"] });
    expect(encodeSharedCopy(full)).toBe('{"database":"myappdb","roles":"a,b","extensions":"citext:public,pg_trgm"}');
    expect(encodeSharedCopy(normalizeRequest({ extensions: ["citext"] }))).toBe('{"extensions":"citext"}');
    expect(encodeSharedCopy(normalizeRequest({}))).toBe("{}");
    expect(encodePgsqlSharedRequest({ extensions: ["b", "a"], database: "x" })).toBe('{"database":"x","extensions":"a,b"}');
  });

  test("reads back what it wrote", () => {
    const request = normalizeRequest({ database: "d", roles: ["r"], extensions: ["e:s", "a"] });
    expect(decodeSharedCopy(encodeSharedCopy(request))).toEqual(request);
    expect(decodeSharedCopy(encodeSharedCopy(normalizeRequest({})))).toEqual(normalizeRequest({}));
  });

  test("absent or empty copy reads as no request", () => {
    expect(decodeSharedCopy(undefined)).toBeUndefined();
    expect(decodeSharedCopy("")).toBeUndefined();
    expect(decodePgsqlSharedRequest(undefined)).toEqual({ ok: true, value: undefined });
  });

  test("unreadable copies say why", () => {
    expect(decodeSharedCopy("{not json")).toEqual({ problem: "not JSON" });
    expect(decodeSharedCopy('{"roles":["a"]}')).toEqual({ problem: "expected a JSON object of strings" });
    expect(decodeSharedCopy("[]")).toEqual({ problem: "expected a JSON object of strings" });
  });
});
