/**
 * pgbouncer: Charmed PgBouncer on machines, a subordinate (metadata.yaml `subordinate: true`,
 * `database` with `scope: container`), canonical/pgbouncer-operator src/relations/pgbouncer_provider.py:
 * - `_on_database_requested` first calls `set_subordinated` (`subordinated: "true"`), then makes
 *   the user `relation_id_<id>` and sets credentials and `database`;
 * - `update_connection_info`: not exposed, `endpoints` = `localhost:<listen_port>` (default 6432,
 *   config.yaml), `uris` = `postgresql://<user>:<password>@localhost:<port>/<database>`, `version`
 *   of the backend; `read-only-endpoints` the same host (`update_read_only_endpoints`), with
 *   `read-only-uris` on `<database>_readonly` only when requested;
 * - `set_ready` writes `state: ready` into each unit's databag of every client relation;
 * - no `tls`/`tls-ca` is ever published.
 * The profile listens where the test says (`pgbouncer-port`); the host is `localhost` as upstream.
 */
import { wantsReadOnlyUris } from "./postgresql-answer.js";
import type { ProviderProfile } from "./profile.js";

export const pgbouncer: ProviderProfile = {
  name: "pgbouncer",
  sources: ["canonical/pgbouncer-operator src/relations/pgbouncer_provider.py", "canonical/pgbouncer-operator metadata.yaml, config.yaml"],
  engine: "postgresql",
  endpoint: "database",
  passwordLength: 16,
  tls: "none",
  publishesVersion: true,
  subordinated: true,
  userName: (ctx) => `relation_id_${ctx.relationId}`,
  answer: (ctx, user, password) => {
    const address = `localhost:${ctx.options.pgbouncerPort}`;
    return {
      fields: { database: ctx.database, endpoints: address, "read-only-endpoints": address },
      credentials: {
        username: user,
        password,
        uris: `postgresql://${user}:${password}@${address}/${ctx.database}`,
        ...(wantsReadOnlyUris(ctx) ? { "read-only-uris": `postgresql://${user}:${password}@${address}/${ctx.database}_readonly` } : {}),
      },
    };
  },
};
