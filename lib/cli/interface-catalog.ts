/**
 * The interfaces the validator knows, and which codec of lib/interfaces reads each databag:
 * interface × writing side × scope (application or unit databag). The codecs are the library's
 * own models; nothing about the wire format is restated here.
 */
import {
  MongoDBProviderAppDatabag,
  MongoDBProviderUnitDatabag,
  MongoDBRequirerAppDatabag,
  MongoDBRequirerUnitDatabag,
  MongosProviderAppDatabag,
  MongosProviderUnitDatabag,
  MongosRequirerAppDatabag,
  MongosRequirerUnitDatabag,
  MysqlProviderUnitDatabag,
  MySQLProviderAppDatabag,
  MySQLProviderUnitDatabag,
  MySQLRequirerAppDatabag,
  MySQLRequirerUnitDatabag,
  PgsqlProviderDatabag,
  PgsqlRequirerAppDatabag,
  PgsqlRequirerUnitDatabag,
  PostgreSQLProviderAppDatabag,
  PostgreSQLProviderUnitDatabag,
  PostgreSQLRequirerAppDatabag,
  PostgreSQLRequirerUnitDatabag,
  ProviderV1AppDatabag,
  RequirerV1AppDatabag,
  type BagCodec,
  type DatabagSide,
} from "../interfaces/index.js";

/** Interface names the validator checks. */
export const SUPPORTED_INTERFACES = ["postgresql_client", "mysql_client", "mongodb_client", "mongos_client", "pgsql", "mysql"] as const;
/** One supported interface name. */
export type SupportedInterface = (typeof SUPPORTED_INTERFACES)[number];

/** The interfaces that share the v0/v1 database wire format. */
export const V0_INTERFACES = ["postgresql_client", "mysql_client", "mongodb_client", "mongos_client"] as const;
/** One interface with the v0/v1 database wire format. */
export type V0Interface = (typeof V0_INTERFACES)[number];

/** Which databag of a relation: the application's or one unit's. */
export type BagScope = "app" | "unit";

/** True when `name` is one of {@link SUPPORTED_INTERFACES}. */
export function isSupportedInterface(name: string): name is SupportedInterface {
  return (SUPPORTED_INTERFACES as readonly string[]).includes(name);
}

/** True when the interface uses the v0/v1 database wire format. */
export function isV0Interface(name: SupportedInterface): name is V0Interface {
  return (V0_INTERFACES as readonly string[]).includes(name);
}

type SideCodecs = Readonly<Record<BagScope, BagCodec<unknown> | undefined>>;

const V0_CODECS: Readonly<Record<V0Interface, Readonly<Record<DatabagSide, SideCodecs>>>> = {
  postgresql_client: {
    requirer: { app: PostgreSQLRequirerAppDatabag, unit: PostgreSQLRequirerUnitDatabag },
    provider: { app: PostgreSQLProviderAppDatabag, unit: PostgreSQLProviderUnitDatabag },
  },
  mysql_client: {
    requirer: { app: MySQLRequirerAppDatabag, unit: MySQLRequirerUnitDatabag },
    provider: { app: MySQLProviderAppDatabag, unit: MySQLProviderUnitDatabag },
  },
  mongodb_client: {
    requirer: { app: MongoDBRequirerAppDatabag, unit: MongoDBRequirerUnitDatabag },
    provider: { app: MongoDBProviderAppDatabag, unit: MongoDBProviderUnitDatabag },
  },
  mongos_client: {
    requirer: { app: MongosRequirerAppDatabag, unit: MongosRequirerUnitDatabag },
    provider: { app: MongosProviderAppDatabag, unit: MongosProviderUnitDatabag },
  },
};

const LEGACY_CODECS: Readonly<Record<"pgsql" | "mysql", Readonly<Record<DatabagSide, SideCodecs>>>> = {
  // pgsql providers answer in both their app databag and their leader's unit databag (docs/protocol.md#pgsql-answer).
  pgsql: {
    requirer: { app: PgsqlRequirerAppDatabag, unit: PgsqlRequirerUnitDatabag },
    provider: { app: PgsqlProviderDatabag, unit: PgsqlProviderDatabag },
  },
  // Legacy mysql: the provider writes unit databags only and the requirer writes nothing (docs/protocol.md#legacy-mysql).
  mysql: {
    requirer: { app: undefined, unit: undefined },
    provider: { app: undefined, unit: MysqlProviderUnitDatabag },
  },
};

/** The v1 wire format is recognised by `version: v1` in an application databag (docs/protocol.md#v1). */
export function isV1Bag(bag: Readonly<Record<string, unknown>>): boolean {
  return bag["version"] === "v1";
}

/**
 * The codec of one databag, or `undefined` when that side writes nothing there under this
 * interface. A v0-family application databag carrying `version: v1` is read with the v1 codec.
 */
export function codecFor(
  iface: SupportedInterface,
  side: DatabagSide,
  scope: BagScope,
  bag: Readonly<Record<string, unknown>> = {},
): BagCodec<unknown> | undefined {
  if (iface === "pgsql" || iface === "mysql") return LEGACY_CODECS[iface][side][scope];
  if (scope === "app" && isV1Bag(bag)) return side === "requirer" ? RequirerV1AppDatabag : ProviderV1AppDatabag;
  return V0_CODECS[iface][side][scope];
}
