/**
 * mysql-router: Charmed MySQL Router (machines: a subordinate, `database` endpoint with
 * `scope: container`), canonical/mysql-router-operators (formerly mysql-router-operator and
 * mysql-router-k8s-operator).
 * - common/common/relations/database_provides.py `_get_username`: the router's own backend user
 *   (`relation-<backend id>_<uuid>`[:26], made by MySQL for the router) + `-<relation id>`, e.g.
 *   `relation-12_cf668cc…-9`;
 * - `_set_databag`: `database`, credentials, `endpoints`, `read-only-endpoints`; no `version`,
 *   no `uris`, no TLS fields, and no `subordinated` flag or unit `state` key;
 * - machines/src/charm.py `_read_write_endpoints` / `_read_only_endpoints`: with
 *   `external-node-connectivity: "true"` `<host>:6446` / `<host>:6447`, otherwise the Unix sockets
 *   `file://…/run/mysqlrouter/mysql.sock` / `mysqlro.sock` (kubernetes: `<service>:6446`/`6447`).
 * TLS on the router is not modelled: it publishes nothing either way.
 */
import * as path from "node:path";
import { mysqlRelationUser } from "./mysql-username.js";
import type { ProviderProfile } from "./profile.js";

export const mysqlRouter: ProviderProfile = {
  name: "mysql-router",
  sources: [
    "canonical/mysql-router-operators common/common/relations/database_provides.py",
    "canonical/mysql-router-operators machines/src/charm.py",
    "canonical/mysql-router-operators machines/metadata.yaml",
  ],
  engine: "mysql",
  endpoint: "mysql-database",
  passwordLength: 24,
  tls: "none",
  publishesVersion: false,
  subordinated: false,
  userName: (ctx) => `${mysqlRelationUser(ctx.options.routerBackendRelationId, ctx.modelUuid)}-${ctx.relationId}`,
  answer: (ctx, user, password) => {
    const external = ctx.request["external-node-connectivity"] === "true";
    const { host } = ctx.server;
    const dir = ctx.options.routerSocketDir;
    return {
      fields: {
        database: ctx.database,
        endpoints: external ? `${host}:${ctx.options.routerRwPort}` : `file://${path.posix.join(dir, "mysql.sock")}`,
        "read-only-endpoints": external ? `${host}:${ctx.options.routerRoPort}` : `file://${path.posix.join(dir, "mysqlro.sock")}`,
      },
      credentials: { username: user, password },
    };
  },
};
