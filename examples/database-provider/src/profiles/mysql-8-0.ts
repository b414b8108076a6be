/**
 * mysql-8.0: Charmed MySQL 8.0, canonical/mysql-operator branch `main` (metadata.yaml "supports
 * MySQL 8.0"); mysql-k8s-operator 8.0 answers alike.
 * - src/relations/mysql_provider.py `_get_username`: `relation-<id>_<uuid>`[:26] (users made by
 *   old revisions, `relation-<id>`, are still found and dropped on relation-broken);
 * - `_on_database_requested`: `database`, credentials (24-character password, constants
 *   PASSWORD_LENGTH), `endpoints` (primary `<ip>:3306`), `version`, `read-only-endpoints`
 *   (secondaries: none on one unit); no `uris`, no `tls`/`tls-ca` anywhere in the provider;
 * - lib/charms/mysql/v0/tls.py `_on_certificate_available`: `tls_setup(require_tls=True)` then
 *   `kill_client_sessions()` ("kill all sessions to force clients to reconnect"); removing TLS
 *   (`_on_tls_relation_broken`) restores the defaults without killing.
 */
import { mysqlAnswer } from "./mysql-answer.js";
import { mysqlRelationUser } from "./mysql-username.js";
import type { ProviderProfile } from "./profile.js";

export const mysql80: ProviderProfile = {
  name: "mysql-8.0",
  sources: ["canonical/mysql-operator@main src/relations/mysql_provider.py", "canonical/mysql-operator@main lib/charms/mysql/v0/tls.py", "canonical/mysql-k8s-operator (8.0) src/relations/mysql_provider.py"],
  engine: "mysql",
  endpoint: "mysql-database",
  passwordLength: 24,
  tls: "kill-sessions",
  publishesVersion: true,
  subordinated: false,
  userName: (ctx) => mysqlRelationUser(ctx.relationId, ctx.modelUuid),
  answer: mysqlAnswer,
};
