import { EngineConnectionError } from "../../lib/engines/engine-errors.js";
import { connectionFromLibpqKeywords } from "../../lib/engines/postgresql/libpq-keyword-facts.js";
import { pgConnection } from "../../lib/engines/postgresql/pg-connection.js";

const MASTER =
  "dbname=myappdb fallback_application_name=myapp host=postgresql-k8s-primary.prod.svc.cluster.local password=Xy7pQ2mN9vLk3RtA port=5432 user=relation_id_7";

describe("connectionFromLibpqKeywords (legacy pgsql master/standbys)", () => {
  test("the postgresql-k8s master string becomes facts and then a pg config", () => {
    const { facts, sslmode, applicationName } = connectionFromLibpqKeywords(MASTER);
    expect(facts).toEqual({
      username: "relation_id_7",
      password: "Xy7pQ2mN9vLk3RtA",
      database: "myappdb",
      endpoints: [{ host: "postgresql-k8s-primary.prod.svc.cluster.local", port: 5432 }],
      readOnlyEndpoints: [],
      tls: false,
    });
    expect(sslmode).toBeUndefined();
    expect(applicationName).toBe("myapp");
    expect(pgConnection(facts, { sslmode, applicationName })).toMatchObject({ host: "postgresql-k8s-primary.prod.svc.cluster.local", port: 5432, ssl: false, application_name: "myapp" });
  });

  test("multi-host lists, dbname defaulting to user, sslmode carried", () => {
    const { facts, sslmode } = connectionFromLibpqKeywords("host=a,b port=5433 user=u sslmode=require");
    expect(facts.endpoints).toEqual([{ host: "a", port: 5433 }, { host: "b", port: 5433 }]);
    expect(facts.database).toBe("u");
    expect(facts.password).toBe("");
    expect(facts.tls).toBe(true);
    expect(sslmode).toBe("require");
    expect(connectionFromLibpqKeywords("host=a,b port=1,2 user=u").facts.endpoints).toEqual([{ host: "a", port: 1 }, { host: "b", port: 2 }]);
  });

  test.each([
    ["host=h password=Secret1", "master.user", /no user/],
    ["user=u password=Secret1", "master.host", /no host/],
    ["host=h user=u port=x password=Secret1", "master.port", /port must be/],
    ["host=a,b,c port=1,2 user=u password=Secret1", "master.port", /2 ports for 3 hosts/],
    ["host=h user=u sslmode=on password=Secret1", "master.sslmode", /unknown SSL mode/],
    ["host=h user=u password='Secret1", "master", /not a libpq keyword\/value string/],
  ])("%s → error on %s without the password", (text, field, message) => {
    let caught: unknown;
    try {
      connectionFromLibpqKeywords(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineConnectionError);
    expect((caught as EngineConnectionError).field).toBe(field);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain("Secret1");
  });

  test("the source field name is used in errors", () => {
    expect(() => connectionFromLibpqKeywords("host=h", "standbys[1]")).toThrow(/"standbys\[1\]\.user"/);
  });
});
