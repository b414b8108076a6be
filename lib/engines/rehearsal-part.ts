/**
 * The database requirers' part in the rehearsal of a start-up snapshot (lib/ops/charm/rehearsal.ts):
 * each requirer module registers its class here, so that the snapshot keeps its hook paths
 * compiled. The provider's answer is wire data and lives in lib/interfaces (rehearsal-answer.ts).
 */
import { declareSureRead, registerRehearsalPart, type CharmBase } from "../ops/index.js";
import { databaseRehearsalAnswer } from "../interfaces/database/rehearsal-answer.js";

/** The database the rehearsal's requirers ask for (the rehearsed provider names it back). */
const REHEARSAL_DATABASE = "rehearsal";

/** What one requirer class needs to take part. */
export interface DatabaseRehearsal {
  /** The endpoint interface the class serves, e.g. `postgresql_client`. */
  readonly interfaceName: string;
  /** Builds the requirer on `charm` for `endpoint`, asking for `database`. */
  readonly requires: (charm: CharmBase, options: { readonly relationName: string; readonly database: string }) => unknown;
  /** The provider's default port and a version it would announce. */
  readonly port: number;
  readonly version: string;
  /** Whether its providers send a MongoDB connection string in `uris`. */
  readonly mongoUris?: boolean;
}

/**
 * Registers `rehearsal` as the part of its interface, and the reads its hooks make for sure, so
 * that a hook from the snapshot starts them while the charm is built
 * (lib/ops/hooktools/read-ahead.ts): in relation-created every unit asks whether it leads
 * (lib/requires/request.ts), in relation-changed every unit reads the provider's bag
 * (lib/requires/engine.ts).
 */
export function registerDatabaseRehearsal(rehearsal: DatabaseRehearsal): void {
  declareSureRead(rehearsal.interfaceName, "relation-created", "leadership");
  declareSureRead(rehearsal.interfaceName, "relation-changed", "remoteAppBag");
  registerRehearsalPart({
    interfaceName: rehearsal.interfaceName,
    attach: (charm, endpoint) => void rehearsal.requires(charm, { relationName: endpoint, database: REHEARSAL_DATABASE }),
    answer: (_endpoint, { secretsAvailable }) =>
      databaseRehearsalAnswer({
        database: REHEARSAL_DATABASE,
        port: rehearsal.port,
        version: rehearsal.version,
        secretsAvailable,
        ...(rehearsal.mongoUris === true ? { mongoUris: true } : {}),
      }),
  });
}
