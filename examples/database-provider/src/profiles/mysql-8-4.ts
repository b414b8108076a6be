/**
 * mysql-8.4: Charmed MySQL 8.4, canonical/mysql-operators (machines/ and kubernetes/ in one
 * repository). machines/src/relations/mysql_provider.py answers as 8.0 does (see mysql-8-0.ts)
 * without the legacy `relation-<id>` fallback; client TLS is set up apart from peer TLS and,
 * when enabled, `set_client_tls(..., enable=True)` is followed by `kill_client_sessions()`
 * (machines/src/relations/tls.py and the shared TLS manager). No `tls`/`tls-ca` is published.
 */
import { mysqlAnswer } from "./mysql-answer.js";
import { mysqlRelationUser } from "./mysql-username.js";
import type { ProviderProfile } from "./profile.js";

export const mysql84: ProviderProfile = {
  name: "mysql-8.4",
  sources: ["canonical/mysql-operators machines/src/relations/mysql_provider.py", "canonical/mysql-operators machines/src/relations/tls.py"],
  engine: "mysql",
  endpoint: "mysql-database",
  passwordLength: 24,
  tls: "kill-sessions",
  publishesVersion: true,
  subordinated: false,
  userName: (ctx) => mysqlRelationUser(ctx.relationId, ctx.modelUuid),
  answer: mysqlAnswer,
};
