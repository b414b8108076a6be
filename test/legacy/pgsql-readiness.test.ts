// Readiness (docs/protocol.md#pgsql-readiness) and L-04 selection as pure functions (the harness tests in
// pgsql-requires.test.ts run the same rules through hooks).
import { decodeCandidates, isReady, normalizeRequest, notReadyReason, selectConnections } from "../../lib/legacy/index.js";
import { PgsqlProviderDatabag } from "../../lib/interfaces/index.js";

const unit = { unitName: "myapp/0", egressSubnets: "10.1.40.17/32" };
const want = normalizeRequest({ database: "myappdb", roles: ["b", "a"], extensions: ["pg_trgm", "citext"] });
const ready = { database: "myappdb", roles: "a,b", extensions: "citext,pg_trgm", "allowed-subnets": "10.1.40.17/32,10.1.40.18/32", master: "host=h user=u" };

test("the pgsql provider model decodes mirrored roles (additive field)", () => {
  expect(PgsqlProviderDatabag.decodeOrThrow({ roles: "b,a" }).roles).toEqual(["b", "a"]);
  expect(PgsqlProviderDatabag.encode({ roles: ["b", "a"] })).toEqual({ roles: "a,b" });
});

test.each<[string, Record<string, string>, string | undefined]>([
  ["ready", {}, undefined],
  ["database missing", { database: "" }, "database not mirrored yet"],
  ["roles missing", { roles: "" }, "roles not mirrored yet"],
  ["roles in another order", { roles: "b,a" }, undefined],
  ["extensions differ", { extensions: "citext" }, "extensions not mirrored yet"],
  ["egress not allowed", { "allowed-subnets": "10.1.40.18/32" }, "this unit's egress subnets are not in allowed-subnets yet"],
  ["egress not allowed but unit listed", { "allowed-subnets": "10.1.40.18/32", "allowed-units": "myapp/1,myapp/0" }, undefined],
])("L-03 %s", (_title, override, reason) => {
  const [candidate] = decodeCandidates([{ name: "postgresql-k8s", data: { ...ready, ...override } }]);
  if (candidate === undefined || !candidate.ok) throw new Error("candidate did not decode");
  expect(notReadyReason(candidate.bag, want, unit)).toBe(reason);
  expect(isReady(candidate.bag, want, unit)).toBe(reason === undefined);
});

test("L-04 candidates are ordered by name; undecodable and not-ready bags are skipped; master and standbys may come from different bags", () => {
  const decoded = decodeCandidates([
    { name: "postgresql-k8s/1", data: { ...ready, master: "host=unit1 user=u", standbys: "host=s1 user=u\nhost=s2 user=u" } },
    { name: "postgresql-k8s/0", data: { ...ready, port: "bad", master: "host=unit0 user=u" } },
    { name: "postgresql-k8s", data: { ...ready, database: "", master: "host=app user=u" } },
  ]);
  expect(decoded.map((d) => [d.name, d.ok])).toEqual([
    ["postgresql-k8s", true],
    ["postgresql-k8s/0", false],
    ["postgresql-k8s/1", true],
  ]);
  const selection = selectConnections(decoded, want, unit);
  expect(selection.master).toEqual({ text: "host=unit1 user=u", from: "postgresql-k8s/1" });
  expect(selection.standbys).toEqual({ lines: ["host=s1 user=u", "host=s2 user=u"], from: "postgresql-k8s/1" });
  expect(selectConnections(decoded, want, unit, (t) => !t.includes("unit1")).master).toBeUndefined();
});
