/**
 * `juju show-unit <unit> --format=json` outputs built from the example databags of the earlier protocol
 * reference, described in docs/protocol.md (docs/protocol.md#v0-request, docs/protocol.md#v0-answer,
 * docs/protocol.md#engines, docs/protocol.md#legacy-pgsql, docs/protocol.md#mysql-answer). Shapes follow
 * Juju's show-unit: `application-data` is the related application's databag, `local-unit.data`
 * the shown unit's, `related-units` the related units'.
 */
export type Bag = Record<string, string>;

/** One relation-info entry. */
export interface RelationInfoInit {
  readonly id: number;
  readonly endpoint: string;
  readonly relatedEndpoint: string;
  readonly appData: Bag;
  readonly localUnit: Bag;
  readonly relatedUnits: Record<string, Bag>;
}

/** Builds show-unit output for one unit. */
export function showUnit(unit: string, relations: readonly RelationInfoInit[], leader = true): Record<string, unknown> {
  return {
    [unit]: {
      "opened-ports": [],
      charm: `local:${unit.split("/")[0]}-0`,
      leader,
      life: "alive",
      "relation-info": relations.map((r) => ({
        "relation-id": r.id,
        endpoint: r.endpoint,
        "related-endpoint": r.relatedEndpoint,
        "application-data": r.appData,
        "local-unit": { "in-scope": true, data: { "egress-subnets": "10.1.40.17/32", "ingress-address": "10.1.40.17", "private-address": "10.1.40.17", ...r.localUnit } },
        "related-units": Object.fromEntries(
          Object.entries(r.relatedUnits).map(([u, data]) => [
            u,
            { "in-scope": true, data: { "egress-subnets": "10.1.50.3/32", "ingress-address": "10.1.50.3", "private-address": "10.1.50.3", ...data } },
          ]),
        ),
      })),
      "provider-id": `${unit.replace("/", "-")}`,
      address: "10.1.40.17",
    },
  };
}

const REQUESTED = '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]';

/** Requirer application databag, the same for every engine (docs/protocol.md#engines). */
export const requirerAppBag: Bag = {
  database: "myappdb",
  "requested-secrets": REQUESTED,
  "provided-secrets": '["mtls-cert"]',
};

/** Requirer application databag with roles, alias and external connectivity (docs/protocol.md#v0-request). */
export const requirerAppBagFull: Bag = {
  ...requirerAppBag,
  alias: "main",
  "extra-user-roles": "CREATEDB",
  "external-node-connectivity": "true",
};

/** PostgreSQL provider application databag (secrets) (docs/protocol.md#postgresql). */
export const postgresqlProviderBag: Bag = {
  data: `{"database": "myappdb", "requested-secrets": ${JSON.stringify(REQUESTED)}, "provided-secrets": "[\\"mtls-cert\\"]"}`,
  "secret-user": "secret:d0mvo2fmp25c77a4r6s0",
  endpoints: "postgresql-k8s-primary.prod.svc.cluster.local:5432",
  "secret-tls": "secret:d0mvo2fmp25c77a4r6sg",
  "read-only-endpoints": "postgresql-k8s-replicas.prod.svc.cluster.local:5432",
  version: "14.15",
  database: "myappdb",
};

/** Requirer leader unit databag after database_created (docs/protocol.md#postgresql). */
export const requirerLeaderUnitBag: Bag = {
  "requested-secrets": REQUESTED,
  "provided-secrets": '["mtls-cert"]',
  data: JSON.stringify({
    "secret-user": "secret:d0mvo2fmp25c77a4r6s0",
    endpoints: "postgresql-k8s-primary.prod.svc.cluster.local:5432",
    "secret-tls": "secret:d0mvo2fmp25c77a4r6sg",
    "read-only-endpoints": "postgresql-k8s-replicas.prod.svc.cluster.local:5432",
    version: "14.15",
    database: "myappdb",
  }),
};

/** MySQL provider application databag (docs/protocol.md#mysql). */
export const mysqlProviderBag: Bag = {
  data: postgresqlProviderBag["data"] ?? "",
  endpoints: "mysql-k8s-primary.prod.svc.cluster.local.:3306",
  "read-only-endpoints": "mysql-k8s-replicas.prod.svc.cluster.local.:3306",
  "secret-user": "secret:d0mvp4nmp25c77a4r6t0",
  version: "8.0.41-0ubuntu0.22.04.1",
  database: "myappdb",
  "secret-tls": "secret:d0mvp4nmp25c77a4r6tg",
};

/** MongoDB provider application databag (hosts without ports) (docs/protocol.md#mongodb-and-mongos). */
export const mongodbProviderBag: Bag = {
  data: postgresqlProviderBag["data"] ?? "",
  database: "myappdb",
  "secret-user": "secret:d0mvq1vmp25c77a4r6u0",
  endpoints: "10.41.0.11,10.41.0.12,10.41.0.13",
  replset: "mongodb",
};

/** mongos provider application databag (URL-encoded socket path host) (docs/protocol.md#mongodb-and-mongos). */
export const mongosProviderBag: Bag = {
  database: "myappdb",
  "secret-user": "secret:d0mvq1vmp25c77a4r6v0",
  endpoints: "%2Fvar%2Fsnap%2Fcharmed-mongodb%2Fcommon%2Fvar%2Fmongodb-27018.sock:27018",
};

/** The password used in the fallback and legacy examples; reports must never contain it. */
export const EXAMPLE_PASSWORD = "Xy7pQ2mN9vLk3RtA";

/** Provider answer without secrets (requirer on Juju 2.9): plaintext credentials (docs/protocol.md#v0-answer). */
export const fallbackProviderBag: Bag = {
  database: "myappdb",
  endpoints: "postgresql-k8s-primary.dev.svc.cluster.local:5432",
  "read-only-endpoints": "postgresql-k8s-replicas.dev.svc.cluster.local:5432",
  username: "relation_id_0",
  password: EXAMPLE_PASSWORD,
  uris: `postgresql://relation_id_0:${EXAMPLE_PASSWORD}@postgresql-k8s-primary.dev.svc.cluster.local:5432/myappdb`,
  tls: "False",
  version: "14.15",
};

/** pgsql requirer request (app and mirrored unit databags) (docs/protocol.md#legacy-pgsql). */
export const pgsqlRequestBag: Bag = { database: "myappdb", extensions: "citext,pg_trgm" };

/** pgsql provider answer (app databag and leader unit databag) (docs/protocol.md#legacy-pgsql). */
export const pgsqlProviderBag: Bag = {
  "allowed-subnets": "10.1.40.17/32,10.1.40.18/32",
  "allowed-units": "myapp/0,myapp/1",
  database: "myappdb",
  extensions: "citext,pg_trgm",
  host: "postgresql-k8s-0.postgresql-k8s-endpoints.prod.svc.cluster.local",
  master: `dbname=myappdb fallback_application_name=myapp host=postgresql-k8s-primary.prod.svc.cluster.local password=${EXAMPLE_PASSWORD} port=5432 user=relation_id_7`,
  standbys: `dbname=myappdb fallback_application_name=myapp host=postgresql-k8s-replicas.prod.svc.cluster.local password=${EXAMPLE_PASSWORD} port=5432 user=relation_id_7`,
  port: "5432",
  user: "relation_id_7",
  password: EXAMPLE_PASSWORD,
  version: "14.15",
};

/** The MySQL root password of docs/protocol.md#mysql-answer; reports must never contain it. */
export const EXAMPLE_ROOT_PASSWORD = "5tGhY7uJk9LmN2bV4cX6zA8s";

/** Legacy mysql provider unit databag (docs/protocol.md#mysql-answer). */
export const mysqlLegacyProviderUnitBag: Bag = {
  database: "database-7",
  host: "mysql-k8s-0.mysql-k8s-endpoints.prod.svc.cluster.local",
  password: "q8ZrT3vK0bLw5YhN2cJx7DmA",
  port: "3306",
  root_password: EXAMPLE_ROOT_PASSWORD,
  user: "relation-7",
};

/** A requirer unit (myapp/0) related to a v0 provider on endpoint `database`. */
export function requirerView(provider: string, providerBag: Bag, localUnit: Bag = requirerLeaderUnitBag): Record<string, unknown> {
  return showUnit("myapp/0", [{ id: 7, endpoint: "database", relatedEndpoint: "database", appData: providerBag, localUnit, relatedUnits: { [`${provider}/0`]: {} } }]);
}

/** A provider unit (`<provider>/0`) related to myapp on endpoint `database`. */
export function providerView(provider: string, requirerBag: Bag = requirerAppBag, requirerUnit: Bag = requirerLeaderUnitBag): Record<string, unknown> {
  return showUnit(`${provider}/0`, [{ id: 7, endpoint: "database", relatedEndpoint: "database", appData: requirerBag, localUnit: {}, relatedUnits: { "myapp/0": requirerUnit } }]);
}
