/** The once-per-relation deprecation warning of the legacy interfaces. */
import type { Logger, Relation } from "../ops/index.js";
import type { RelationMemory } from "./relation-memory.js";

/** Which legacy interface, and what replaces it. */
export interface LegacyInterface {
  /** Legacy interface name, e.g. `pgsql`. */
  readonly name: string;
  /** Modern interface name, e.g. `postgresql_client`. */
  readonly modern: string;
  /** The class to use instead. */
  readonly replacement: string;
}

/** The `pgsql` interface, replaced by `postgresql_client`. */
export const PGSQL_INTERFACE: LegacyInterface = { name: "pgsql", modern: "postgresql_client", replacement: "PostgreSQLRequires (lib/engines) or DatabaseRequires" };
/** The `mysql` interface, replaced by `mysql_client`. */
export const MYSQL_INTERFACE: LegacyInterface = { name: "mysql", modern: "mysql_client", replacement: "MySQLRequires (lib/engines) or DatabaseRequires" };

/** The warning text for one relation. */
export function deprecationMessage(relation: string, iface: LegacyInterface): string {
  return (
    `relation ${relation} uses the deprecated "${iface.name}" interface; ` +
    `relate to the provider's "database" endpoint (interface "${iface.modern}") with ${iface.replacement} instead`
  );
}

/** Logs the warning for `relation` unless this unit already did (remembered in stored state). */
export function warnOnce(log: Logger, memory: RelationMemory, relation: Relation, iface: LegacyInterface): void {
  if (memory.get(relation.id).warned) return;
  log.warning(deprecationMessage(relation.toString(), iface));
  memory.update(relation.id, { warned: true });
}
