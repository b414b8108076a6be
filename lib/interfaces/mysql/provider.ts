/**
 * Legacy `mysql` / `mysql-root` interfaces (docs/protocol.md#mysql-answer): the provider writes only unit databags; the
 * requirer writes nothing. A bag is complete when host, user, password and database are set
 * (port defaults to `MYSQL_DEFAULT_PORT`, database/endpoints.ts); that decision belongs to the legacy adapter.
 */
import { defineBag, type DecodedOf } from "../database/bag-codec.js";
import { portNumber, text, withWireKey } from "../database/field-codecs.js";

/** Codec of a legacy mysql provider unit databag. `root_password` keeps its underscore. */
export const MysqlProviderUnitDatabag = defineBag(
  {
    /** Database the provider created. */
    database: text(),
    /** Host to connect to. */
    host: text(),
    /** Port (3306 when absent). */
    port: portNumber(),
    /** Relation user name. */
    user: text(),
    /** Relation user password (secret). */
    password: text({ secret: true }),
    /** Root password, from `mysql-root` providers (secret; wire key `root_password`). */
    rootPassword: withWireKey(text({ secret: true }), "root_password"),
  },
  { name: "mysql provider unit databag", side: "provider" },
);
/** Decoded legacy mysql provider unit databag. */
export type MysqlProviderUnit = DecodedOf<typeof MysqlProviderUnitDatabag>;
