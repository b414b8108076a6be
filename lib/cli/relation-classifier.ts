/**
 * Deciding what a relation is when the user did not say: its interface (from the endpoint names,
 * the application names and the keys present) and which side wrote which databag. Each guess
 * records where it came from so the report can say how sure it is.
 */
import { type DatabagSide } from "../interfaces/index.js";
import { readRequestEntries } from "../interfaces/v1/request-entries.js";
import { isV0Interface, type SupportedInterface, type V0Interface } from "./interface-catalog.js";
import type { LooseBag, ShownRelation } from "./show-unit-input.js";

/** How a conclusion was reached. */
export type Evidence = "flag" | "endpoint" | "content" | "application" | "assumed";

/** A conclusion and its source. */
export interface Inferred<T> {
  /** The value decided. */
  readonly value: T;
  /** Where it came from. */
  readonly evidence: Evidence;
  /** Human explanation, e.g. `key "replset"`. */
  readonly because: string;
}

/** Keys only a v0/v1 database requirer writes (docs/protocol.md#v0-request). */
const V0_REQUIRER_KEYS = [
  "requested-secrets",
  "provided-secrets",
  "extra-user-roles",
  "extra-group-roles",
  "entity-type",
  "entity-permissions",
  "requested-entity-secret",
  "prefix-matching",
  "external-node-connectivity",
  "alias",
];
/** Keys only a v0/v1 database provider writes (docs/protocol.md#v0-answer). */
const V0_PROVIDER_KEYS = [
  "endpoints",
  "read-only-endpoints",
  "secret-user",
  "secret-tls",
  "secret-entity",
  "secret-extra",
  "replset",
  "subordinated",
  "status",
  "prefix-databases",
  "encryption-secret",
  "uris",
  "read-only-uris",
  "tls",
  "tls-ca",
  "username",
];
/** Keys only a legacy pgsql provider writes (docs/protocol.md#pgsql-answer). */
const PGSQL_PROVIDER_KEYS = ["master", "standbys", "allowed-subnets", "allowed-units"];
/** Keys only a legacy pgsql requirer writes (docs/protocol.md#pgsql-request). */
const PGSQL_REQUIRER_KEYS = ["roles", "extensions"];
/** Keys of a legacy mysql provider unit databag (docs/protocol.md#mysql-answer). */
const MYSQL_PROVIDER_KEYS = ["root_password", "host", "user", "password"];

const ENDPOINT_INTERFACES: Readonly<Record<string, SupportedInterface>> = {
  db: "pgsql",
  "db-admin": "pgsql",
  "mysql-root": "mysql",
  mongos: "mongos_client",
  "mongos-proxy": "mongos_client",
  mongos_proxy: "mongos_client",
};

function firstKey(bag: LooseBag, keys: readonly string[]): string | undefined {
  return keys.find((k) => bag[k] !== undefined && bag[k] !== "");
}

/** Every databag of the relation merged, for key-presence checks. */
function allBags(rel: ShownRelation): LooseBag[] {
  return [rel.remoteAppBag, rel.localUnitBag, ...Object.values(rel.remoteUnitBags)];
}

function findKey(bags: readonly LooseBag[], keys: readonly string[]): string | undefined {
  for (const bag of bags) {
    const k = firstKey(bag, keys);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** Keys that mark the v0/v1 database wire format (legacy interfaces never use them). */
const V0_SIGNATURE_KEYS = [...V0_REQUIRER_KEYS, ...V0_PROVIDER_KEYS.filter((k) => k !== "tls" && k !== "username"), "requests"];

/**
 * Default ports of the engines and of the proxies in front of them: PgBouncer 6432; MySQL Router
 * 6446 (read/write), 6447 (read-only), 6448/6449 (X protocol); MySQL X protocol 33060; mongos
 * 27018 (sources: the Charmed PgBouncer, MySQL Router and MongoDB charms' constants).
 */
const PORT_INTERFACES: ReadonlyArray<readonly [number, V0Interface, string]> = [
  [5432, "postgresql_client", "PostgreSQL"],
  [6432, "postgresql_client", "PgBouncer (PostgreSQL)"],
  [3306, "mysql_client", "MySQL"],
  [6446, "mysql_client", "MySQL Router read/write (MySQL)"],
  [6447, "mysql_client", "MySQL Router read-only (MySQL)"],
  [6448, "mysql_client", "MySQL Router X protocol (MySQL)"],
  [6449, "mysql_client", "MySQL Router X protocol (MySQL)"],
  [33060, "mysql_client", "MySQL X protocol"],
  [27017, "mongodb_client", "MongoDB"],
  [27018, "mongos_client", "mongos (MongoDB)"],
];

/** The engine told by the ports (or mongos socket) of `endpoints` / `read-only-endpoints`. */
export function interfaceFromPorts(bags: readonly LooseBag[]): Inferred<V0Interface> | undefined {
  for (const bag of bags) {
    for (const key of ["endpoints", "read-only-endpoints"]) {
      const raw = bag[key];
      if (typeof raw !== "string") continue;
      if (/%2F[^,]*mongodb-27018\.sock/i.test(raw)) return { value: "mongos_client", evidence: "content", because: `the mongos socket path in "${key}"` };
      for (const m of raw.matchAll(/:(\d{1,5})(?=,|$)/g)) {
        const hit = PORT_INTERFACES.find(([port]) => String(port) === m[1]);
        if (hit !== undefined) return { value: hit[1], evidence: "content", because: `port ${hit[0]} in "${key}" (${hit[2]})` };
      }
    }
  }
  return undefined;
}

/** Result keys of data-integrator's get-credentials action, by interface. */
const PRODUCT_INTERFACES: Readonly<Record<string, V0Interface>> = {
  postgresql: "postgresql_client",
  mysql: "mysql_client",
  mongodb: "mongodb_client",
  mongos: "mongos_client",
};

/** The interface of one product block of an action output; `undefined` for non-database products. */
export function interfaceOfProduct(product: string, bag: LooseBag, forced?: SupportedInterface): Inferred<SupportedInterface> | undefined {
  if (forced !== undefined) return { value: forced, evidence: "flag", because: "--interface" };
  const named = PRODUCT_INTERFACES[product];
  if (named !== undefined) return { value: named, evidence: "content", because: `the result key "${product}"` };
  return undefined;
}

/** Picks the engine of a v0-family relation from names, keys and ports; falls back to postgresql_client. */
function v0Engine(rel: ShownRelation, names: readonly string[]): Inferred<V0Interface> {
  for (const name of names) {
    const iface = ENDPOINT_INTERFACES[name];
    if (iface !== undefined && isV0Interface(iface)) return { value: iface, evidence: "endpoint", because: `endpoint "${name}"` };
  }
  if (findKey(allBags(rel), ["replset"]) !== undefined) return { value: "mongodb_client", evidence: "content", because: `key "replset"` };
  const apps = [rel.remoteApp, rel.unit.slice(0, rel.unit.lastIndexOf("/"))].filter((a): a is string => a !== undefined);
  const byApp: ReadonlyArray<readonly [RegExp, V0Interface]> = [
    [/mongos/, "mongos_client"],
    [/mongo/, "mongodb_client"],
    [/postgres|pgbouncer/, "postgresql_client"],
    [/mysql/, "mysql_client"],
  ];
  for (const app of apps) {
    for (const [pattern, iface] of byApp) {
      if (pattern.test(app)) return { value: iface, evidence: "application", because: `application "${app}"` };
    }
  }
  const byPort = interfaceFromPorts(allBags(rel));
  if (byPort !== undefined) return byPort;
  return {
    value: "postgresql_client",
    evidence: "assumed",
    because: "the v0 wire format is shared by every database interface; pass --interface to be exact",
  };
}

/**
 * `user` and `host` (not `username`) are written only by the legacy providers: mysql (docs/protocol.md#mysql-answer) and
 * pgsql (docs/protocol.md#pgsql-answer, which also writes `master` and is caught before). A pgsql answer is told by its
 * port 5432 or its `relation_id_<n>` user name.
 */
function legacyByUserKey(bags: readonly LooseBag[]): Inferred<SupportedInterface> | undefined {
  const key = findKey(bags, ["user", "host"]);
  if (key === undefined) return undefined;
  const pgsql = bags.find((b) => b["port"] === "5432" || (typeof b["user"] === "string" && /^relation_id_\d+$/.test(b["user"])));
  if (pgsql !== undefined) return { value: "pgsql", evidence: "content", because: `key "${key}" of a legacy provider, with PostgreSQL's port or user naming` };
  return { value: "mysql", evidence: "content", because: `key "${key}" (legacy mysql providers write user/host, v0 providers write username/endpoints)` };
}

/**
 * The relation's interface, or `undefined` when it does not look like a database relation at
 * all (e.g. a peer relation). `forced` is the `--interface` flag.
 */
export function inferInterface(rel: ShownRelation, forced?: SupportedInterface): Inferred<SupportedInterface> | undefined {
  if (forced !== undefined) return { value: forced, evidence: "flag", because: "--interface" };
  const names = [rel.endpoint, rel.relatedEndpoint].filter((n): n is string => n !== undefined);
  const bags = allBags(rel);
  const v0Key = findKey(bags, V0_SIGNATURE_KEYS);
  if (v0Key !== undefined) return v0Engine(rel, names);
  const pgsqlKey = findKey(bags, [...PGSQL_PROVIDER_KEYS, ...PGSQL_REQUIRER_KEYS]);
  if (pgsqlKey !== undefined) return { value: "pgsql", evidence: "content", because: `key "${pgsqlKey}"` };
  if (findKey(bags, ["root_password"]) !== undefined) return { value: "mysql", evidence: "content", because: `key "root_password"` };
  const legacy = legacyByUserKey(bags);
  if (legacy !== undefined) return legacy;
  for (const name of names) {
    const iface = ENDPOINT_INTERFACES[name];
    if (iface !== undefined) return { value: iface, evidence: "endpoint", because: `endpoint "${name}"` };
  }
  if (names.includes("mysql")) return { value: "mysql", evidence: "endpoint", because: `endpoint "mysql"` };
  if (findKey(bags, ["database"]) !== undefined || names.some((n) => /database/.test(n))) return v0Engine(rel, names);
  return undefined;
}

/** Keys only a v1 response (an element of the provider's `requests`) carries (docs/protocol.md#v1-response). */
const V1_RESPONSE_KEYS = ["salt", "endpoints", "read-only-endpoints", "secret-user", "secret-tls", "secret-entity", "secret-extra", "resource"];

/** For a v1 application databag: which side wrote it, from the keys of its `requests` entries. */
function v1Writer(bag: LooseBag): Inferred<DatabagSide> | undefined {
  if (bag["version"] !== "v1" || typeof bag["requests"] !== "string") return undefined;
  const entries = readRequestEntries(bag["requests"]);
  if (entries === undefined || entries.length === 0) return undefined;
  const key = entries.flatMap((e) => V1_RESPONSE_KEYS.filter((k) => e[k] !== undefined))[0];
  return key === undefined
    ? { value: "requirer", evidence: "content", because: `v1 "requests" entries without a response key` }
    : { value: "provider", evidence: "content", because: `key "${key}" in the v1 "requests" entries` };
}

function otherSide(side: DatabagSide): DatabagSide {
  return side === "requirer" ? "provider" : "requirer";
}

/** Which side the unit `juju show-unit` ran on is, for a relation of interface `iface`. */
export function inferLocalSide(rel: ShownRelation, iface: SupportedInterface, forced?: DatabagSide): Inferred<DatabagSide> {
  if (forced !== undefined) return { value: forced, evidence: "flag", because: "--side" };
  const remoteUnits = Object.values(rel.remoteUnitBags);
  const says = (side: DatabagSide, bagName: string, key: string): Inferred<DatabagSide> => ({
    value: side,
    evidence: "content",
    because: `key "${key}" in ${bagName}`,
  });
  if (iface === "mysql") {
    const remote = findKey(remoteUnits, MYSQL_PROVIDER_KEYS);
    if (remote !== undefined) return says("requirer", "a related unit's databag", remote);
    const local = firstKey(rel.localUnitBag, MYSQL_PROVIDER_KEYS);
    if (local !== undefined) return says("provider", "this unit's databag", local);
  } else if (iface === "pgsql") {
    const remoteProvider = findKey([rel.remoteAppBag, ...remoteUnits], PGSQL_PROVIDER_KEYS);
    if (remoteProvider !== undefined) return says("requirer", "the related application's databags", remoteProvider);
    const localProvider = firstKey(rel.localUnitBag, PGSQL_PROVIDER_KEYS);
    if (localProvider !== undefined) return says("provider", "this unit's databag", localProvider);
    const remoteRequest = findKey([rel.remoteAppBag, ...remoteUnits], ["database", ...PGSQL_REQUIRER_KEYS]);
    if (remoteRequest !== undefined) return says("provider", "the related application's databags", remoteRequest);
  } else {
    const v1 = v1Writer(rel.remoteAppBag);
    if (v1 !== undefined) return { ...v1, value: otherSide(v1.value), because: `${v1.because} of the related application's databag` };
    const remoteProvider = firstKey(rel.remoteAppBag, V0_PROVIDER_KEYS) ?? (rel.remoteAppBag["data"] !== undefined ? "data" : undefined);
    if (remoteProvider !== undefined) return says("requirer", "the related application's databag", remoteProvider);
    const remoteRequester = firstKey(rel.remoteAppBag, [...V0_REQUIRER_KEYS, "database", "requests"]);
    if (remoteRequester !== undefined) return says("provider", "the related application's databag", remoteRequester);
    const localRequirer = firstKey(rel.localUnitBag, ["alias", "data", "requested-secrets", "provided-secrets"]);
    if (localRequirer !== undefined) return says("requirer", "this unit's databag", localRequirer);
    const localProvider = firstKey(rel.localUnitBag, ["state"]);
    if (localProvider !== undefined) return says("provider", "this unit's databag", localProvider);
    const remoteUnit = findKey(remoteUnits, ["state"]);
    if (remoteUnit !== undefined) return says("requirer", "a related unit's databag", remoteUnit);
  }
  return { value: "requirer", evidence: "assumed", because: "nothing in the databags tells the sides apart yet; pass --side to be exact" };
}

/** The side that wrote the related application's and related units' databags. */
export function remoteSide(local: DatabagSide): DatabagSide {
  return otherSide(local);
}

/** The side that wrote one databag, judged from its keys alone; `undefined` when nothing tells. */
export function writerOfBag(bag: LooseBag, iface: SupportedInterface): Inferred<DatabagSide> | undefined {
  const says = (side: DatabagSide, key: string): Inferred<DatabagSide> => ({ value: side, evidence: "content", because: `key "${key}"` });
  if (iface === "mysql") {
    const key = firstKey(bag, MYSQL_PROVIDER_KEYS);
    return key === undefined ? undefined : says("provider", key);
  }
  if (iface === "pgsql") {
    const provider = firstKey(bag, PGSQL_PROVIDER_KEYS);
    if (provider !== undefined) return says("provider", provider);
    const requirer = firstKey(bag, ["database", ...PGSQL_REQUIRER_KEYS, "egress-subnets"]);
    return requirer === undefined ? undefined : says("requirer", requirer);
  }
  const v1 = v1Writer(bag);
  if (v1 !== undefined) return v1;
  const provider = firstKey(bag, [...V0_PROVIDER_KEYS, "state"]);
  if (provider !== undefined) return says("provider", provider);
  const requirer = firstKey(bag, [...V0_REQUIRER_KEYS, "database", "requests"]);
  return requirer === undefined ? undefined : says("requirer", requirer);
}

/** For a single databag: the interface and the side that wrote it, from flags or its keys. */
export function inferBagOrigin(
  bag: LooseBag,
  forcedInterface?: SupportedInterface,
  forcedSide?: DatabagSide,
): { readonly iface: Inferred<SupportedInterface>; readonly side: Inferred<DatabagSide> } {
  const asRelation: ShownRelation = {
    unit: "databag/0",
    leader: undefined,
    relationId: undefined,
    endpoint: "databag",
    relatedEndpoint: undefined,
    remoteApp: undefined,
    remoteAppBag: bag,
    localUnitBag: {},
    remoteUnitBags: {},
  };
  const iface: Inferred<SupportedInterface> = inferInterface(asRelation, forcedInterface) ?? {
    value: "postgresql_client",
    evidence: "assumed",
    because: "no key of a supported interface found; pass --interface",
  };
  if (forcedSide !== undefined) return { iface, side: { value: forcedSide, evidence: "flag", because: "--side" } };
  const side = writerOfBag(bag, iface.value) ?? {
    value: iface.value === "mysql" ? "provider" : "requirer",
    evidence: "assumed",
    because: "nothing in the databag tells the sides apart; pass --side",
  };
  return { iface, side };
}
