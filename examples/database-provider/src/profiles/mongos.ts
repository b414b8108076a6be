/**
 * mongos: the Charmed Mongos router on machines, a subordinate whose client endpoint
 * (`mongos_proxy`, interface mongos_client, container scope) is a Juju *requires* endpoint: the
 * principal provides it. canonical/mongo-single-kernel-library single_kernel_mongo/state/charm_state.py:
 * - hosts: without `external-node-connectivity` the URL-encoded Unix socket
 *   `%2Fvar%2Fsnap%2Fcharmed-mongodb%2Fcommon%2Fvar%2Fmongodb-27018.sock` (`formatted_socket_path`,
 *   `internal_hosts`), with it the unit addresses; port 27018 (`host_port`, MongoPorts.MONGOS_PORT);
 * - mongodb_provider.py `_set_relation`: no `replset` for mongos; user `relation-<id>`;
 * - `uris` from MongoConfiguration without replicaSet: `mongodb://<user>:<password>@<hosts>/<db>?authSource=admin`.
 * No server runs here; TLS is not modelled for mongos.
 */
import { mongoHosts } from "./mongodb.js";
import type { ProviderProfile } from "./profile.js";

/** Where the machine mongos listens without external connectivity, URL-encoded as the charm publishes it. */
export const MONGOS_SOCKET = encodeURIComponent("/var/snap/charmed-mongodb/common/var/mongodb-27018.sock");

export const mongos: ProviderProfile = {
  name: "mongos",
  sources: ["canonical/mongo-single-kernel-library single_kernel_mongo/state/charm_state.py, single_kernel_mongo/utils/mongo_config.py", "canonical/mongodb-operator lib/charms/mongodb/v1/mongodb_provider.py"],
  engine: "mongodb",
  endpoint: "mongos-proxy",
  passwordLength: 32,
  tls: "none",
  publishesVersion: false,
  subordinated: false,
  userName: (ctx) => `relation-${ctx.relationId}`,
  answer: (ctx, user, password) => {
    const external = ctx.request["external-node-connectivity"] === "true";
    const hosts = external ? mongoHosts(ctx).map((h) => `${h}:27018`) : [MONGOS_SOCKET];
    // mongo.py: "?" then authSource=admin unless the database is admin (then the URI ends in "?").
    const auth = ctx.database === "admin" ? "?" : "?authSource=admin";
    return {
      fields: { database: ctx.database, endpoints: hosts.join(",") },
      credentials: { username: user, password, uris: `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${hosts.join(",")}/${encodeURIComponent(ctx.database)}${auth}` },
    };
  },
};
