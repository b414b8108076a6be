/**
 * mongodb: Charmed MongoDB (replica set), canonical/mongodb-operator
 * lib/charms/mongodb/v1/mongodb_provider.py and lib/charms/mongodb/v0/mongo.py, now in
 * canonical/mongo-single-kernel-library (single_kernel_mongo/utils/mongo_config.py,
 * single_kernel_mongo/state/charm_state.py). No MongoDB server runs here: the profile publishes
 * credentials only and says so in its status.
 * - `_get_username_from_relation_id`: `relation-<id>`; `generate_password()` (32 characters);
 * - `_set_relation`: credentials, `database`, `endpoints` = member hosts joined by commas,
 *   WITHOUT ports, `replset` = the application name, `uris`; no `version`;
 * - `uris` from MongoConfiguration with TLS off (`tls_external: False` in `_get_config`):
 *   `mongodb://<user>:<password>@<host>:27017,…/<database>?replicaSet=<app>&authSource=admin`,
 *   never TLS options;
 * - TLS: `tls` "True" and `tls-ca` are set for client relations only once client TLS has an
 *   external CA, and removing it writes no `tls` "False" (issue 14's reading of the replica-set
 *   code path; charm_state.py `_update_client_ca_secrets` at commit 0342996 would write "False",
 *   but it returns early unless the role is config-server AND replication, which never holds).
 */
import type { AnswerContext, ProviderProfile } from "./profile.js";

/** The member hosts as the charm lists them: bare hosts, no ports. */
export function mongoHosts(ctx: AnswerContext): string[] {
  return ctx.options.mongodbHosts.split(",").map((h) => h.trim()).filter((h) => h !== "");
}

export const mongodb: ProviderProfile = {
  name: "mongodb",
  sources: [
    "canonical/mongodb-operator lib/charms/mongodb/v1/mongodb_provider.py",
    "canonical/mongodb-operator lib/charms/mongodb/v0/mongo.py",
    "canonical/mongo-single-kernel-library single_kernel_mongo/utils/mongo_config.py, single_kernel_mongo/state/charm_state.py",
  ],
  engine: "mongodb",
  endpoint: "mongodb-database",
  passwordLength: 32,
  tls: "external-ca-only",
  publishesVersion: false,
  subordinated: false,
  userName: (ctx) => `relation-${ctx.relationId}`,
  answer: (ctx, user, password) => {
    const hosts = mongoHosts(ctx);
    const auth = ctx.database === "admin" ? "" : "&authSource=admin";
    const uri = `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${hosts.map((h) => `${h}:27017`).join(",")}/${encodeURIComponent(ctx.database)}?replicaSet=${encodeURIComponent(ctx.appName)}${auth}`;
    return {
      fields: { database: ctx.database, endpoints: hosts.join(","), replset: ctx.appName },
      credentials: { username: user, password, uris: uri },
    };
  },
};
